package dev.tempered.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The versioned migrations this build ships ({@code db/migration/V<version>__<name>.sql} on the
 * classpath), and whether a database has applied them all. Flyway answers the same question, but
 * loading it, scanning the classpath and validating takes most of a second, which a read-only
 * command ({@code tempered runs}) with no platform up should not pay when nothing is to be done.
 * Says nothing of edited migrations (Flyway's checksums): those never change once they land.
 */
final class ShippedMigrations {
    private static final String FOLDER = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.+\\.sql");

    private ShippedMigrations() {}

    /** Versions as Flyway records them ({@code 1}, {@code 2.1}: underscores become dots). */
    static Set<String> versions() {
        Set<String> versions = new HashSet<>();
        try {
            Enumeration<URL> folders = ShippedMigrations.class.getClassLoader().getResources(FOLDER);
            while (folders.hasMoreElements()) collect(folders.nextElement(), versions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the migrations in " + FOLDER + ": " + e.getMessage(), e);
        }
        return versions;
    }

    private static void collect(URL folder, Set<String> versions) throws IOException {
        if (folder.getProtocol().equals("jar")) {
            JarURLConnection connection = (JarURLConnection) folder.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith(FOLDER + "/")) add(name.substring(FOLDER.length() + 1), versions);
                }
            }
        } else if (folder.getProtocol().equals("file")) {
            try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                files.forEach(f -> add(f.getFileName().toString(), versions));
            } catch (URISyntaxException e) {
                throw new IOException("not a file URL: " + folder, e);
            }
        } else {
            throw new IOException("cannot list migrations at " + folder);
        }
    }

    private static void add(String fileName, Set<String> versions) {
        Matcher m = VERSIONED.matcher(fileName);
        if (m.matches()) versions.add(m.group(1).replace('_', '.'));
    }

    /**
     * True when the database's Flyway history records every shipped version as applied; false
     * when one is missing or there is no history yet (a new database).
     */
    static boolean allApplied(Connection connection, Set<String> shipped) {
        if (shipped.isEmpty()) return false;
        Set<String> applied = new HashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(
                        "select version from flyway_schema_history where success and version is not null")) {
            while (rs.next()) applied.add(rs.getString(1));
        } catch (SQLException e) {
            // No history table: a database no migration has touched.
            return false;
        }
        return applied.containsAll(shipped);
    }
}
