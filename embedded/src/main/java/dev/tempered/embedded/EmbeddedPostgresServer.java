package dev.tempered.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 from the zonky binaries (Linux x86-64 only), listening on 127.0.0.1 only; a
 * persistent one asks every connection for its password.
 *
 * <p>With a data directory it is persistent; without one it is a throw-away instance for tests.
 * A postmaster left running by a process that was killed with SIGKILL would make the next start
 * fail on the lock file; {@link #start} stops such a stale postmaster first, and only it
 * ({@link StalePostmaster} says how it is told apart from a process that reused its PID).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** zonky's cluster is initialised with this superuser. */
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * A persistent server whose cluster lives in {@code dataDir}; port 0 picks a free port. Every
     * connection must give {@code password} (lower-case hex of random bytes, which the caller keeps
     * owner-only): see {@link PasswordAuthentication} for how a new cluster gets it.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, String password) {
        PasswordAuthentication.requireHex(password);
        EmbeddedPostgres postgres = null;
        try {
            Files.createDirectories(dataDir);
            StalePostmaster.clear(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's own readiness check connects too, so it must send the password.
                    .setConnectConfig("password", password)
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (port > 0) builder.setPort(port);
            postgres = builder.start();
            if (!PasswordAuthentication.isOn(dataDir)) {
                PasswordAuthentication.turnOn(postgres, dataDir, SUPERUSER, password);
                log.info("embedded PostgreSQL in {} now requires its password (kept in credentials.json)", dataDir);
            }
            return new EmbeddedPostgresServer(postgres, password);
        } catch (IOException | SQLException | RuntimeException e) {
            if (postgres != null) closeQuietly(postgres);
            String hint = passwordHint(dataDir);
            throw new IllegalStateException(
                    "could not start embedded PostgreSQL in " + dataDir + ": " + e.getMessage() + hint, e);
        }
    }

    private static String passwordHint(Path dataDir) {
        try {
            return PasswordAuthentication.isOn(dataDir)
                    ? " (if credentials.json was deleted, the database still expects its old password:"
                            + " restore the file, or delete " + dataDir + " to start with an empty database)"
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    /** A throw-away server for tests, trusting loopback (no password is checked); its data is deleted on close. */
    public static EmbeddedPostgresServer startTransient() {
        try {
            return new EmbeddedPostgresServer(
                    EmbeddedPostgres.builder()
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .setPGStartupWait(Duration.ofSeconds(60))
                            .start(),
                    SUPERUSER);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public String user() {
        return SUPERUSER;
    }

    /** The password given to {@link #start}; for a transient server one that is not checked. */
    public String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
