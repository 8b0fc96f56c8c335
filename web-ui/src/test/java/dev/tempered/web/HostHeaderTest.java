package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a request naming another host is refused before any page or API answers. Raw
 * sockets, because Java's HTTP client will not send a Host header of the caller's choosing.
 */
class HostHeaderTest {
    private static DashboardServer server;

    @BeforeAll
    static void start() {
        StorageFixture fixture = StorageFixture.get();
        server = DashboardServer.start(WebConfig.anyFreePort(), fixture.lineage(), fixture.newArtifactStore("hosts"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** The status line and body of one GET with the given Host header. */
    private static String[] get(String path, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String statusLine = response.substring(0, response.indexOf("\r\n"));
            return new String[] {statusLine.split(" ")[1], response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    @Test
    void aForeignHostGets421OnPagesAndApi() throws IOException {
        String[] page = get("/", "evil.example");
        assertEquals("421", page[0]);
        assertTrue(
                page[1].contains("not to Host &#39;evil.example&#39;")
                        || page[1].contains("not to Host 'evil.example'"),
                page[1]);
        String[] api = get("/api/runs", "evil.example:" + server.port());
        assertEquals("421", api[0]);
        assertTrue(api[1].contains("\"error\""), api[1]);
    }

    @Test
    void loopbackNamesWithThePortBoundAreServed() throws IOException {
        int port = server.port();
        assertEquals("200", get("/api/runs", "127.0.0.1:" + port)[0]);
        assertEquals("200", get("/api/runs", "localhost:" + port)[0]);
        assertEquals("200", get("/api/runs", "LOCALHOST:" + port)[0]);
        assertEquals("200", get("/api/runs", "[::1]:" + port)[0]);
    }

    @Test
    void aLoopbackNameWithAnotherPortIsRefused() throws IOException {
        assertEquals("421", get("/api/runs", "127.0.0.1:" + (server.port() == 1 ? 2 : server.port() - 1))[0]);
    }

    @Test
    void namesAreComparedWholeNotByPrefix() {
        HostHeaderCheck check = new HostHeaderCheck("127.0.0.1");
        assertTrue(check.allows("127.0.0.1", 8080));
        assertFalse(check.allows("127.0.0.1.evil.example:8080", 8080));
        assertFalse(check.allows("localhost.evil.example", 8080));
        assertFalse(check.allows("", 8080));
        assertFalse(check.allows(null, 8080));
        assertTrue(new HostHeaderCheck("tempered.lan").allows("tempered.lan:8080", 8080));
        assertTrue(new HostHeaderCheck("::1").allows("[::1]:8080", 8080));
        assertTrue(new HostHeaderCheck("0.0.0.0").allowsAny());
    }

    @Test
    void anOriginMatchesOnlyItsOwnHostAndPort() {
        assertTrue(SameOriginCheck.sameHost("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(SameOriginCheck.sameHost("https://tempered.lan", "tempered.lan"));
        assertFalse(SameOriginCheck.sameHost("http://127.0.0.1:8081", "127.0.0.1:8080"));
        assertFalse(SameOriginCheck.sameHost("http://evil.example", "127.0.0.1:8080"));
        assertFalse(SameOriginCheck.sameHost("null", "127.0.0.1:8080"));
        assertFalse(SameOriginCheck.sameHost("http://127.0.0.1:8080", null));
    }
}
