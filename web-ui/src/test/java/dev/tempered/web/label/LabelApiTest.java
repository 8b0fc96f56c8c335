package dev.tempered.web.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labelers' API over HTTP on the real server and database: sessions, CSRF, blindness, and
 * every refusal with its status and reason, stored nothing; a replay is acknowledged and counted once.
 */
class LabelApiTest {
    private static DashboardServer server;
    private static LabelStore labels;
    private static UserStore users;
    private static final List<String> notified = new CopyOnWriteArrayList<>();

    private static String project;
    private static String ana;
    private static String ben;

    @BeforeAll
    static void start() {
        StorageFixture fixture = StorageFixture.get();
        labels = new LabelStore(fixture.dataSource());
        users = new UserStore(fixture.dataSource(), new PasswordHasher(8, 1, 1));
        server = DashboardServer.start(
                WebConfig.anyFreePort(), fixture.lineage(), S3ArtifactStore.connect(fixture.s3Config("labelapi")));
        server.notifyLabelsWith(notified::add);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ana = "ana-" + suffix;
        ben = "ben-" + suffix;
        User a = users.create(ana, Role.LABELER, "ana-password");
        User b = users.create(ben, Role.LABELER, "ben-password");
        project = "api/" + suffix;
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tasks.add(new NewTask(
                    "What is 2+" + i + "?",
                    "#### " + (2 + i),
                    0,
                    List.of(
                            new NewTask.NewResponse("<img src=x onerror=alert(1)> #### " + (2 + i), "{}"),
                            new NewTask.NewResponse("<script>alert(2)</script>", "{}"),
                            new NewTask.NewResponse("I think 7", "{}"))));
        }
        // Overlap 1 over [ana, ben]: task 0 is ana's, task 1 is ben's.
        labels.createProject(
                new LabelProject(
                        project,
                        "api",
                        "# Guidelines",
                        3,
                        1,
                        1,
                        50,
                        Instant.now().plus(Duration.ofDays(1)),
                        true),
                tasks,
                List.of(a.id(), b.id()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One browser: its own cookie jar and the CSRF token of its session. */
    private static final class Browser {
        final HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String csrf;

        HttpResponse<String> send(String method, String path, String body, boolean withCsrf)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json");
            if (withCsrf && csrf != null) b.header(LabelAuth.CSRF_HEADER, csrf);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> login(String name, String password) throws IOException, InterruptedException {
            HttpResponse<String> r = send(
                    "POST",
                    "/label/api/login",
                    "{\"name\": \"" + name + "\", \"password\": \"" + password + "\"}",
                    false);
            if (r.statusCode() == 200)
                csrf = Json.MAPPER.readTree(r.body()).get("csrf_token").asText();
            return r;
        }
    }

    private static String submission(String key, String task, String ranking) {
        return "{\"idempotency_key\": \"" + key + "\", \"task_id\": \"" + task + "\", \"ranking\": " + ranking + "}";
    }

    private static String error(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body()).get("error").asText();
    }

    @Test
    void unauthenticatedRequestsAreRefusedAndALoginSetsAStrictHttpOnlyCookie() throws Exception {
        Browser b = new Browser();
        assertEquals(401, b.send("GET", "/label/api/next", null, false).statusCode());
        assertEquals(401, b.login(ana, "wrong-password").statusCode());
        HttpResponse<String> ok = b.login(ana, "ana-password");
        assertEquals(200, ok.statusCode());
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(LabelAuth.COOKIE + "="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains("Secure"), "plain http: no Secure flag, or the browser would drop it");
        assertEquals("labeler", Json.MAPPER.readTree(ok.body()).get("role").asText());
    }

    @Test
    void theNextTaskShowsTheResponsesButNoAnswerKeyAndOnlyTheLabelersOwnTasks() throws Exception {
        // Ben's task: the submission test closes ana's, in whatever order the tests run.
        Browser b = new Browser();
        b.login(ben, "ben-password");
        HttpResponse<String> r = b.send("GET", "/label/api/next", null, false);
        assertEquals(200, r.statusCode());
        JsonNode task = Json.MAPPER.readTree(r.body()).get("task");
        assertEquals(LabelStore.taskId(project, 1).toString(), task.get("id").asText());
        assertEquals(
                "<script>alert(2)</script>",
                task.get("responses").get(1).get("text").asText());
        List<String> fields = new ArrayList<>();
        task.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "project", "prompt", "responses"), fields, "no reference answer, no gold response");
        assertTrue(Json.MAPPER.readTree(r.body()).get("guidelines").asText().contains("Guidelines"));
        HttpResponse<String> other = b.send("GET", "/label/api/tasks/" + LabelStore.taskId(project, 0), null, false);
        assertEquals(403, other.statusCode());
        assertTrue(error(other).contains("not assigned to you"));
    }

    @Test
    void submissionsNeedTheCsrfTokenAndInvalidOnesAreRefusedWithTheReason() throws Exception {
        Browser b = new Browser();
        b.login(ana, "ana-password");
        String task = LabelStore.taskId(project, 0).toString();
        String bens = LabelStore.taskId(project, 1).toString();
        long before = labels.counts(project).submissions();

        HttpResponse<String> noCsrf =
                b.send("POST", "/label/api/submit", submission("k-" + UUID.randomUUID(), task, "[[0],[1],[2]]"), false);
        assertEquals(403, noCsrf.statusCode());
        assertTrue(error(noCsrf).contains("CSRF"));

        record Case(String body, int status, String reason) {}
        List<Case> cases = List.of(
                new Case(submission("k-" + UUID.randomUUID(), task, "[[0],[0],[2]]"), 400, "twice"),
                new Case(submission("k-" + UUID.randomUUID(), task, "[[0],[1]]"), 400, "leaves out"),
                new Case(submission("k-" + UUID.randomUUID(), task, "[[0],[1],[2],[5]]"), 400, "does not have"),
                new Case(submission("k-" + UUID.randomUUID(), task, "[[0],[1],[\"x\"]]"), 400, "not an integer"),
                new Case(submission("k-" + UUID.randomUUID(), bens, "[[0],[1],[2]]"), 403, "not assigned"),
                new Case(
                        submission("k-" + UUID.randomUUID(), UUID.randomUUID().toString(), "[[0,1,2]]"),
                        404,
                        "no task"),
                new Case(submission("k-" + UUID.randomUUID(), "not-a-uuid", "[[0,1,2]]"), 400, "task_id"),
                new Case(
                        "{\"idempotency_key\": \"k-" + UUID.randomUUID() + "\", \"task_id\": \"" + task
                                + "\", \"ranking\": [[0,1,2]], \"ideal_answer\": \"" + "x".repeat(51) + "\"}",
                        413,
                        "at most 50"),
                new Case("not json", 400, "not JSON"));
        for (Case c : cases) {
            HttpResponse<String> r = b.send("POST", "/label/api/submit", c.body(), true);
            assertEquals(c.status(), r.statusCode(), c.body() + " → " + r.body());
            assertTrue(error(r).contains(c.reason()), r.body() + " should say " + c.reason());
        }
        HttpResponse<String> huge =
                b.send("POST", "/label/api/submit", "{\"x\": \"" + "y".repeat(LabelApi.MAX_BODY_BYTES) + "\"}", true);
        assertEquals(413, huge.statusCode());
        assertEquals(before, labels.counts(project).submissions(), "no refusal stored anything");

        String key = "k-" + UUID.randomUUID();
        HttpResponse<String> ok = b.send("POST", "/label/api/submit", submission(key, task, "[[0],[1,2]]"), true);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode ack = Json.MAPPER.readTree(ok.body());
        assertFalse(ack.get("replay").asBoolean());
        assertTrue(ack.get("task_closed").asBoolean());
        HttpResponse<String> replay = b.send("POST", "/label/api/submit", submission(key, task, "[[0],[1,2]]"), true);
        assertEquals(200, replay.statusCode(), replay.body());
        assertTrue(Json.MAPPER.readTree(replay.body()).get("replay").asBoolean());
        assertEquals(
                ack.get("submission_id"), Json.MAPPER.readTree(replay.body()).get("submission_id"));
        assertEquals(before + 1, labels.counts(project).submissions());
        HttpResponse<String> closed =
                b.send("POST", "/label/api/submit", submission("k-" + UUID.randomUUID(), task, "[[0,1,2]]"), true);
        assertEquals(409, closed.statusCode());
        assertEquals(204, b.send("GET", "/label/api/next", null, false).statusCode(), "ana has nothing left");
        for (int i = 0; i < 50 && !notified.contains(project); i++) Thread.sleep(20);
        assertTrue(notified.contains(project), "the label workflow is nudged after the acknowledgement");
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        Browser b = new Browser();
        b.login(ben, "ben-password");
        assertEquals(200, b.send("GET", "/label/api/me", null, false).statusCode());
        assertEquals(403, b.send("POST", "/label/api/logout", "{}", false).statusCode(), "logout needs the token too");
        assertEquals(200, b.send("POST", "/label/api/logout", "{}", true).statusCode());
        assertEquals(401, b.send("GET", "/label/api/me", null, false).statusCode());
    }
}
