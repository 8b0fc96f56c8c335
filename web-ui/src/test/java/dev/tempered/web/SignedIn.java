package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.UserStore;
import dev.tempered.web.label.LabelAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.openqa.selenium.Cookie;

/**
 * A test account of a given role, created in the shared database and signed in through the real
 * login route: its session cookie and CSRF token, to put on requests or into a Chromium profile.
 * The dashboard's state-changing routes need an admin's ({@link DashboardAuth}).
 */
final class SignedIn {
    /** Cheap hashing parameters: these accounts only live for a test. */
    private static final PasswordHasher FAST = new PasswordHasher(8, 1, 1);

    final String name;
    final String session;
    final String csrf;

    private SignedIn(String name, String session, String csrf) {
        this.name = name;
        this.session = session;
        this.csrf = csrf;
    }

    /** A fresh account with {@code role}, logged in on {@code server}. */
    static SignedIn as(DashboardServer server, Role role) throws Exception {
        String name = role.wireName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        new UserStore(StorageFixture.get().dataSource(), FAST).create(name, role, password);
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/label/api/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(
                                        java.util.Map.of("name", name, "password", password))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(LabelAuth.COOKIE + "="))
                .findFirst()
                .orElseThrow();
        String session = cookie.substring(LabelAuth.COOKIE.length() + 1, cookie.indexOf(';'));
        JsonNode body = Json.MAPPER.readTree(r.body());
        return new SignedIn(name, session, body.get("csrf_token").asText());
    }

    /** The session cookie only: a request from this account that forgot the CSRF token. */
    HttpRequest.Builder cookie(HttpRequest.Builder b) {
        return b.header("Cookie", LabelAuth.COOKIE + "=" + session);
    }

    /** The session cookie and the CSRF token, as the dashboard's pages send them. */
    HttpRequest.Builder apply(HttpRequest.Builder b) {
        return cookie(b).header(LabelAuth.CSRF_HEADER, csrf);
    }

    /** Puts the session into the browser for {@code server}'s origin (it visits the server first). */
    void into(Chromium browser, DashboardServer server) {
        browser.driver.get(server.url() + "/static/tempered.css");
        browser.driver
                .manage()
                .addCookie(new Cookie.Builder(LabelAuth.COOKIE, session)
                        .path("/")
                        .isHttpOnly(true)
                        .sameSite("Strict")
                        .build());
    }
}
