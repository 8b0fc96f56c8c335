package dev.tempered.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 from the zonky binaries (Linux x86-64 only), listening on 127.0.0.1 only.
 *
 * <p>With a data directory it is persistent; without one it is a throw-away instance for tests.
 * A postmaster left running by a process that was killed with SIGKILL would make the next start
 * fail on the lock file; {@link #start} stops such a stale postmaster first, and only it
 * ({@link StalePostmaster} says how it is told apart from a process that reused its PID).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** zonky's cluster is initialised with this superuser, trusted on 127.0.0.1 (no password is checked). */
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A persistent server whose cluster lives in {@code dataDir}; port 0 picks a free port. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            StalePostmaster.clear(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (port > 0) builder.setPort(port);
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not start embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** A throw-away server for tests; its data is deleted on close. */
    public static EmbeddedPostgresServer startTransient() {
        try {
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start());
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

    /** Not checked (trust authentication on loopback), but drivers and pools want one. */
    public String password() {
        return SUPERUSER;
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
