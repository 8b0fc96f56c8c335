package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's guard on the real server and database: every state-changing route outside
 * {@code /label} is refused to anonymous requests (401), to signed-in non-admins (403) and to an
 * admin without the session's CSRF token (403), and works for an admin with it, in a header or a
 * form field; reads are open by default and need a session when the config says so.
 */
class DashboardAuthTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static DashboardServer server;
    private static ScriptedGenerator generator;
    private static String checkpoint;
    private static SignedIn admin;
    private static SignedIn labeler;
    private static SignedIn reviewer;

    @BeforeAll
    static void start() throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("dashboard-auth"));
        checkpoint = seed.textArtifact("checkpoint", "application/octet-stream", "ckpt", Map.of("step", 1));
        generator = new ScriptedGenerator();
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store, generator);
        admin = SignedIn.as(server, Role.ADMIN);
        labeler = SignedIn.as(server, Role.LABELER);
        reviewer = SignedIn.as(server, Role.REVIEWER);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpRequest.Builder generate() {
        return HttpRequest.newBuilder(URI.create(server.url() + "/api/playground/generate"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("model=" + checkpoint + "&prompt=hi&max_tokens=2"));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void generationNeedsASignedInAdminWithTheCsrfToken() throws Exception {
        int before = generator.calls.get();

        HttpResponse<String> anonymous = send(generate());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.body().contains("sign in as an admin first"), anonymous.body());

        HttpResponse<String> asLabeler = send(labeler.apply(generate()));
        assertEquals(403, asLabeler.statusCode(), asLabeler.body());
        assertTrue(asLabeler.body().contains("has role labeler"), asLabeler.body());
        assertEquals(403, send(reviewer.apply(generate())).statusCode(), "a reviewer is no admin either");

        HttpResponse<String> noCsrf = send(admin.cookie(generate()));
        assertEquals(403, noCsrf.statusCode(), noCsrf.body());
        assertTrue(noCsrf.body().contains("CSRF token"), noCsrf.body());
        HttpResponse<String> wrongCsrf = send(admin.cookie(generate()).header("X-CSRF-Token", labeler.csrf));
        assertEquals(403, wrongCsrf.statusCode(), "another session's token is no token: " + wrongCsrf.body());
        assertEquals(before, generator.calls.get(), "nothing refused reached the generator");

        HttpResponse<String> ok = send(admin.apply(generate()));
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("event: done"), ok.body());
        assertEquals(before + 1, generator.calls.get());
    }

    @Test
    void theCsrfTokenMayComeAsAFormField() throws Exception {
        HttpRequest.Builder b = admin.cookie(
                        HttpRequest.newBuilder(URI.create(server.url() + "/api/playground/generate")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "csrf=" + admin.csrf + "&model=" + checkpoint + "&prompt=hi&max_tokens=2"));
        HttpResponse<String> r = send(b);
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void chatRepliesAndRegistryFormsAreGuardedToo() throws Exception {
        for (String path : new String[] {"/api/chat/reply", "/models/rollback", "/models/promotions/x/decision"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("model=m"));
            assertEquals(401, send(b).statusCode(), path + " anonymous");
            b = HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("model=m"));
            assertEquals(403, send(labeler.apply(b)).statusCode(), path + " as a labeler");
        }
    }

    @Test
    void pagesRenderTheTokenOnlyForASignedInUser() throws Exception {
        HttpResponse<String> anonymous =
                send(HttpRequest.newBuilder(URI.create(server.url() + "/playground?model=" + checkpoint)));
        assertEquals(200, anonymous.statusCode(), "reads stay open by default");
        assertTrue(anonymous.body().contains("<input type=\"hidden\" name=\"csrf\" value=\"\">"), anonymous.body());
        assertTrue(anonymous.body().contains("href=\"/label/login?next=/playground\""), anonymous.body());
        HttpResponse<String> signedIn = send(
                admin.cookie(HttpRequest.newBuilder(URI.create(server.url() + "/playground?model=" + checkpoint))));
        assertTrue(
                signedIn.body().contains("<input type=\"hidden\" name=\"csrf\" value=\"" + admin.csrf + "\">"),
                signedIn.body());
    }

    @Test
    void theLoginPageReturnsToALocalNextPathOnly() throws Exception {
        String password = "login-next-password";
        String name = "next-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        new dev.tempered.storage.users.UserStore(
                        StorageFixture.get().dataSource(), new dev.tempered.storage.users.PasswordHasher(8, 1, 1))
                .create(name, Role.ADMIN, password);
        try (Chromium browser = new Chromium()) {
            var driver = browser.driver;
            String[][] cases = {
                {"/models?model=demo", "/models?model=demo"},
                {"//evil.example/x", "/label"},
                {"/\\evil.example/x", "/label"},
                {"https://evil.example/", "/label"},
            };
            for (String[] c : cases) {
                driver.manage().deleteAllCookies();
                driver.get(server.url() + "/label/login?next="
                        + java.net.URLEncoder.encode(c[0], java.nio.charset.StandardCharsets.UTF_8));
                driver.findElement(org.openqa.selenium.By.id("name")).sendKeys(name);
                driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
                driver.findElement(org.openqa.selenium.By.cssSelector("#login button[type=submit]"))
                        .click();
                String expected = server.url() + c[1];
                browser.waitFor(() -> driver.getCurrentUrl().equals(expected));
                assertEquals(expected, driver.getCurrentUrl(), "next=" + c[0]);
            }
        }
    }

    @Test
    void readsNeedASessionWhenTheConfigSaysSo() throws Exception {
        try (DashboardServer closed = DashboardServer.start(
                WebConfig.anyFreePort().withLoginForReads(true),
                StorageFixture.get().lineage(),
                StorageFixture.get().newArtifactStore("dashboard-auth-closed"))) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(closed.url() + "/?stage=pretrain")));
            assertEquals(302, page.statusCode());
            assertEquals(
                    "/label/login?next=%2F%3Fstage%3Dpretrain",
                    page.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> api = send(HttpRequest.newBuilder(URI.create(closed.url() + "/api/runs")));
            assertEquals(401, api.statusCode(), api.body());
            assertEquals(
                    200,
                    send(HttpRequest.newBuilder(URI.create(closed.url() + "/label/login")))
                            .statusCode(),
                    "the login page itself stays reachable");
            assertEquals(
                    200,
                    send(labeler.cookie(HttpRequest.newBuilder(URI.create(closed.url() + "/"))))
                            .statusCode(),
                    "any signed-in role may read");
        }
    }
}
