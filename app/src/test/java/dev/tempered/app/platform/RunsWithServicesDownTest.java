package dev.tempered.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tempered.app.CliRunner;
import dev.tempered.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tempered runs} when there is nothing to read from answers with one line and exit code 2
 * instead of starting things or waiting on clients: a data directory no platform has run on (it
 * used to create keys and a whole database to say "no runs yet"), a configured PostgreSQL or
 * Temporal that nothing listens for (the lineage pool waited 15 s and ended in a stack trace).
 */
class RunsWithServicesDownTest {
    @TempDir
    Path root;

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aDataDirectoryNoPlatformHasRunOnIsNamedAndLeftEmpty() {
        Path data = root.resolve("fresh");
        CliRunner.Result r = new CliRunner(root.resolve("none.yaml"), data).run("runs");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(
                "tempered: no Tempered platform has run on " + data + " yet (no credentials.json there): start one"
                        + " with ./tempered up or ./tempered demo, or name another with --data-dir\n",
                r.err());
        assertFalse(Files.exists(data.resolve("credentials.json")), "a look created keys");
        assertFalse(Files.exists(data.resolve("postgres")), "a look created a database");
    }

    @Test
    void aConfiguredPostgresThatIsDownIsNamedInOneLine() throws Exception {
        int pg = closedPort();
        Path config = root.resolve("external.yaml");
        Files.writeString(config, """
                temporal: {target: "127.0.0.1:%d"}
                s3: {endpoint: "http://127.0.0.1:%d", access_key: k, secret_key: s}
                postgres: {url: "jdbc:postgresql://127.0.0.1:%d/tempered", user: u, password: p}
                """.formatted(closedPort(), closedPort(), pg));
        CliRunner.Result r = new CliRunner(config, root.resolve("data")).run("runs");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(
                "tempered: cannot reach PostgreSQL (lineage) at 127.0.0.1:" + pg + " (Connection refused): is it"
                        + " running? The address comes from postgres.url (TEMPERED_POSTGRES_URL) in the configuration\n",
                r.err());
    }

    @Test
    void aConfiguredTemporalThatIsDownIsNamedInOneLine() throws Exception {
        int temporal = closedPort();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.startTransient()) {
            Path config = root.resolve("external.yaml");
            Files.writeString(config, """
                    temporal: {target: "127.0.0.1:%d"}
                    s3: {endpoint: "http://127.0.0.1:%d", access_key: k, secret_key: s}
                    postgres: {url: "%s", user: %s, password: "%s"}
                    """.formatted(temporal, closedPort(), pg.jdbcUrl(), pg.user(), pg.password()));
            CliRunner.Result r = new CliRunner(config, root.resolve("data")).run("runs");
            assertEquals(2, r.exitCode(), r.out() + r.err());
            assertEquals(
                    "tempered: cannot reach Temporal at 127.0.0.1:" + temporal + " (Connection refused): is it running?"
                            + " The address comes from temporal.target (TEMPERED_TEMPORAL_TARGET) in the configuration\n",
                    r.err());
        }
    }
}
