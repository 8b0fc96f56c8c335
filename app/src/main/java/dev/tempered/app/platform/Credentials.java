package dev.tempered.app.platform;

import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access keys of the embedded S3 server and the embedded PostgreSQL password: random on first
 * start, then kept owner-only in {@code <data_dir>/credentials.json} so objects and the database
 * stay readable across restarts. A file from an older version, without the PostgreSQL password,
 * gains one on the next start.
 *
 * <p>The secret never sits in a file that others may read, not even for an instant: it is written
 * to a temporary file created owner-only (the permissions are part of the create call, so the
 * umask cannot widen them), then renamed into place atomically. A file found with group or world
 * bits (written by an older version, or changed by hand) is restricted to its owner on the next
 * start, with a warning, since its secret may have been read. POSIX file systems only.
 */
public record Credentials(String s3AccessKey, String s3SecretKey, String postgresPassword) {
    private static final Logger log = LoggerFactory.getLogger(Credentials.class);

    static final String FILE_NAME = "credentials.json";
    static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    public static Credentials loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                Credentials c = load(file);
                if (c.postgresPassword() != null) return c;
                Credentials completed = new Credentials(c.s3AccessKey(), c.s3SecretKey(), randomHex());
                write(dataDir, file, completed);
                return completed;
            }
            Files.createDirectories(dataDir);
            Credentials c = new Credentials("tempered", randomHex(), randomHex());
            write(dataDir, file, c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The credentials of a data directory a platform has run on, for commands that only read
     * ({@code runs}, {@code show}): a look must not create keys, nor a database to go with them.
     *
     * @throws IllegalStateException naming the data directory when there is no credentials file,
     *                               or it has no PostgreSQL password yet
     */
    public static Credentials loadExisting(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no Tempered platform has run on " + dataDir + " yet (no " + FILE_NAME
                    + " there): start one with ./tempered up or ./tempered demo, or name another with --data-dir");
        }
        try {
            Credentials c = load(file);
            if (c.postgresPassword() == null) {
                throw new IllegalStateException(file + " predates the PostgreSQL password: start the platform once"
                        + " (./tempered up) to add it");
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** 24 random bytes in lower-case hex. */
    private static String randomHex() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    private static void write(Path dataDir, Path file, Credentials c) throws IOException {
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp", ownerOnly);
        try {
            Files.writeString(
                    tmp,
                    Json.write(Map.of(
                            "s3_access_key", c.s3AccessKey(),
                            "s3_secret_key", c.s3SecretKey(),
                            "postgres_password", c.postgresPassword())));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Credentials load(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            Files.setPosixFilePermissions(file, EnumSet.copyOf(OWNER_ONLY));
            log.warn(
                    "{} was readable by others ({}); it is owner-only now. Its secrets may have been read: to replace it,"
                            + " stop the platform and delete the file (the next start writes new keys)",
                    file,
                    PosixFilePermissions.toString(permissions));
        }
        Map<String, Object> m;
        try {
            m = Json.readMap(Files.readString(file));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    file + " is not valid JSON (" + e.getMessage()
                            + "); stop the platform and delete it to generate new keys",
                    e);
        }
        // Absent from files written before PostgreSQL had a password; loadOrCreate adds it.
        String postgres = m.get("postgres_password") == null ? null : required(file, m, "postgres_password");
        return new Credentials(required(file, m, "s3_access_key"), required(file, m, "s3_secret_key"), postgres);
    }

    private static String required(Path file, Map<String, Object> m, String key) {
        if (m.get(key) instanceof String s && !s.isBlank()) return s;
        throw new IllegalStateException(file + ": " + key
                + " is missing or not a string; stop the platform and delete the" + " file to generate new keys");
    }
}
