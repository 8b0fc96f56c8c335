package dev.tempered.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Turns a zonky cluster's trust authentication into password authentication (scram-sha-256).
 *
 * <p>zonky's initdb trusts every local connection, so any user on the machine could open the
 * database over 127.0.0.1 or the Unix socket. On the first start of a cluster (its
 * {@code pg_hba.conf} lacks {@link #MARKER}) this sets the superuser's password and replaces
 * {@code pg_hba.conf}, then reloads; later starts find the marker and change nothing. The
 * cluster is trusting only between initdb and that reload, while it holds no data of ours, or,
 * for a cluster made by an older version, for that one start.
 */
final class PasswordAuthentication {
    static final String MARKER = "# tempered: password authentication for every connection";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{32,128}");

    private static final String HBA = MARKER + "\n"
            + "# TYPE  DATABASE  USER  ADDRESS       METHOD\n"
            + "local   all       all                 scram-sha-256\n"
            + "host    all       all   127.0.0.1/32  scram-sha-256\n"
            + "host    all       all   ::1/128       scram-sha-256\n";

    private PasswordAuthentication() {}

    /** Lower-case hex of 16 to 64 random bytes: the only passwords accepted, so none needs quoting in SQL. */
    static String requireHex(String password) {
        if (password == null || !HEX.matcher(password).matches()) {
            throw new IllegalArgumentException(
                    "the embedded PostgreSQL password must be 32 to 128 lower-case hex digits (random bytes)");
        }
        return password;
    }

    static boolean isOn(Path dataDir) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        return Files.exists(hba)
                && Files.readString(hba, StandardCharsets.UTF_8).contains(MARKER);
    }

    /** Sets the superuser's password, then requires it of every connection from now on. */
    static void turnOn(EmbeddedPostgres postgres, Path dataDir, String user, String password)
            throws IOException, SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            // DDL takes no bind parameters; requireHex leaves nothing that could need quoting.
            s.execute("ALTER ROLE " + user + " PASSWORD '" + requireHex(password) + "'");
            Path hba = dataDir.resolve("pg_hba.conf");
            Path tmp = dataDir.resolve("pg_hba.conf.tmp");
            Files.writeString(tmp, HBA, StandardCharsets.UTF_8);
            Files.move(tmp, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            s.execute("SELECT pg_reload_conf()");
        }
    }
}
