package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.testing.StorageFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a request naming a foreign host gets 421 and none of the data, over a raw socket
 * (Java's HttpClient will not send a Host header of the caller's choosing).
 */
class HostHeaderCheckTest {
    private static DashboardServer server;
    private static DashboardServer proxied;
    private static String run;

    @BeforeAll
    static void start() {
        StorageFixture fixture = StorageFixture.get();
        LineageStore lineage = fixture.lineage();
        S3ArtifactStore store = S3ArtifactStore.connect(fixture.s3Config("webhost"));
        run = Seed.runId("host-check");
        lineage.beginPipelineRun(run, "rebinding-target", Map.of("stages", List.of("ingest")), "temporal-h");
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, store);
        proxied = DashboardServer.start(new WebConfig("127.0.0.1", 0, List.of("tempered.example.org")), lineage, store);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (proxied != null) proxied.close();
    }

    @Test
    void aForeignHostIsRefusedWithoutTheData() throws IOException {
        String reply = get(server, "/api/runs", "evil.example:" + server.port());
        assertTrue(reply.startsWith("HTTP/1.1 421"), reply.lines().findFirst().orElse(""));
        assertTrue(reply.contains("does not serve the host 'evil.example'"), reply);
        assertFalse(reply.contains(run), "the refused answer must not carry lineage data");
        assertTrue(get(server, "/", "evil.example").startsWith("HTTP/1.1 421"));
        // A look-alike that merely starts with an allowed name.
        assertTrue(get(server, "/api/runs", "localhost.evil.example").startsWith("HTTP/1.1 421"));
    }

    @Test
    void loopbackNamesAreServed() throws IOException {
        for (String host : List.of(
                "127.0.0.1:" + server.port(), "localhost:" + server.port(), "LOCALHOST", "[::1]:" + server.port())) {
            String reply = get(server, "/api/runs", host);
            assertTrue(
                    reply.startsWith("HTTP/1.1 200"),
                    host + ": " + reply.lines().findFirst().orElse(""));
            assertTrue(reply.contains(run), host);
        }
    }

    @Test
    void aConfiguredProxyNameIsServedAndOnlyOnTheServerThatNamesIt() throws IOException {
        assertTrue(get(proxied, "/api/runs", "tempered.example.org").startsWith("HTTP/1.1 200"));
        assertTrue(get(server, "/api/runs", "tempered.example.org").startsWith("HTTP/1.1 421"));
    }

    @Test
    void hostNamesAreParsedWithoutThePort() {
        assertEquals("example.org", HostHeaderCheck.hostName("example.org:8080"));
        assertEquals("[::1]", HostHeaderCheck.hostName("[::1]:8080"));
        assertEquals("[::1]", HostHeaderCheck.hostName("[::1]"));
        assertEquals("a:b:c", HostHeaderCheck.hostName("a:b:c"));
    }

    @Test
    void anAllowedHostWithAPortIsAConfigError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new WebConfig("127.0.0.1", 0, List.of("proxy.example:443")));
        assertTrue(e.getMessage().contains("without a port"), e.getMessage());
    }

    /** One HTTP/1.1 GET with the given Host header; the whole response as text. */
    private static String get(DashboardServer s, String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
