package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.UserStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Admins' project settings and export over HTTP on the real database: the gold-accuracy gate
 * pauses a labeler who ranks gold tasks wrong once enough are judged (their next task request says
 * why, and the pause is audited); settings are validated; only admins change them or export, and
 * the export holds every stored label once. An admin resumes a paused labeler (over the API and
 * with the review page's button); labelers and CSRF-less calls cannot, and the misses before the
 * resume do not pause the labeler again.
 */
class LabelProjectAdminTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static DashboardServer server;
    private static UserStore users;
    private static String project;
    private static SignedIn labeler;
    private static SignedIn admin;

    @BeforeAll
    static void start() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        users = new UserStore(fixture.dataSource());
        server = DashboardServer.start(
                WebConfig.anyFreePort(), fixture.lineage(), fixture.newArtifactStore("label-admin"));
        labeler = SignedIn.as(server, Role.LABELER);
        admin = SignedIn.as(server, Role.ADMIN);
        project = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(new NewTask(
                    "What is " + i + "+1?",
                    "#### " + (i + 1),
                    0,
                    List.of(
                            new NewTask.NewResponse("#### " + (i + 1), "{}"),
                            new NewTask.NewResponse("#### 0", "{}"))));
        }
        new LabelStore(fixture.dataSource())
                .createProject(
                        new LabelProject(
                                project,
                                "admin",
                                "",
                                2,
                                1,
                                1,
                                1000,
                                Instant.now().plus(Duration.ofDays(1)),
                                true),
                        tasks,
                        List.of(users.byName(labeler.name).orElseThrow().id()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** A project of four gold tasks (response 0 right) assigned to {@code labeler} alone; returns its id. */
    private static String goldProject(SignedIn labeler) {
        String id = "admin-" + UUID.randomUUID().toString().substring(0, 8);
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(new NewTask(
                    "What is " + i + "+1?",
                    "#### " + (i + 1),
                    0,
                    List.of(
                            new NewTask.NewResponse("#### " + (i + 1), "{}"),
                            new NewTask.NewResponse("#### 0", "{}"))));
        }
        new LabelStore(StorageFixture.get().dataSource())
                .createProject(
                        new LabelProject(
                                id, "admin", "", 2, 1, 1, 1000, Instant.now().plus(Duration.ofDays(1)), true),
                        tasks,
                        List.of(users.byName(labeler.name).orElseThrow().id()));
        return id;
    }

    private static HttpResponse<String> send(SignedIn who, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(who.apply(b).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The labeler takes the next task and ranks the wrong response (1) first. */
    private static void labelWrong() throws Exception {
        labelWrong(labeler);
    }

    private static void labelWrong(SignedIn labeler) throws Exception {
        HttpResponse<String> next = send(labeler, "GET", "/label/api/next", null);
        assertEquals(200, next.statusCode(), next.body());
        String task = Json.MAPPER.readTree(next.body()).get("task").get("id").asText();
        HttpResponse<String> r = send(
                labeler,
                "POST",
                "/label/api/submit",
                "{\"idempotency_key\": \"" + UUID.randomUUID() + "\", \"task_id\": \"" + task
                        + "\", \"ranking\": [[1], [0]]}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void theGoldGatePausesALabelerAndOnlyAdminsConfigureAndExport() throws Exception {
        String settings = "/label/api/admin/projects/" + project + "/settings";
        assertEquals(
                403,
                send(labeler, "PUT", settings, "{\"min_gold_accuracy\": 0.0}").statusCode(),
                "labelers cannot lower the bar");
        HttpResponse<String> bad = send(admin, "PUT", settings, "{\"min_gold_accuracy\": 1.5}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("min_gold_accuracy is 1.5; it must be 0-1"), bad.body());
        HttpResponse<String> badJudged =
                send(admin, "PUT", settings, "{\"min_gold_accuracy\": 0.5, \"min_gold_judged\": 0}");
        assertEquals(400, badJudged.statusCode());
        assertEquals(
                200,
                send(admin, "PUT", settings, "{\"min_gold_accuracy\": 0.6, \"min_gold_judged\": 2}")
                        .statusCode());

        labelWrong();
        assertEquals(
                200, send(labeler, "GET", "/label/api/next", null).statusCode(), "one gold label is too few to judge");
        labelWrong();
        HttpResponse<String> paused = send(labeler, "GET", "/label/api/next", null);
        assertEquals(403, paused.statusCode(), "two tasks are still open, but the labeler is paused");
        assertTrue(paused.body().contains("paused in project " + project + ": 0 of 2 gold tasks"), paused.body());
        JsonNode view = Json.MAPPER.readTree(send(admin, "GET", settings, null).body());
        assertEquals(0.6, view.get("min_gold_accuracy").asDouble());
        assertEquals(labeler.name, view.get("paused").get(0).get("labeler").asText());
        assertTrue(users.recentAudit(50).stream()
                .anyMatch(e -> e.action().equals("labeler.paused") && e.actor().equals(labeler.name)));
        assertTrue(users.recentAudit(50).stream()
                .anyMatch(
                        e -> e.action().equals("project.settings") && e.actor().equals(admin.name)));

        String export = "/label/api/admin/projects/" + project + "/export";
        assertEquals(403, send(labeler, "GET", export, null).statusCode());
        HttpResponse<String> jsonl = send(admin, "GET", export, null);
        assertEquals(200, jsonl.statusCode(), jsonl.body());
        assertEquals(
                "application/x-ndjson",
                jsonl.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(
                jsonl.headers().firstValue("Content-Disposition").orElseThrow().contains(project + "-labels.jsonl"));
        String[] lines = jsonl.body().split("\n");
        assertEquals(2, lines.length, jsonl.body());
        for (String line : lines) {
            JsonNode l = Json.MAPPER.readTree(line);
            assertEquals("tempered.labels/v1", l.get("format").asText());
            assertEquals(labeler.name, l.get("labeler").asText());
            assertEquals("[[1],[0]]", l.get("ranking").toString());
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String line : lines)
            ids.add(Json.MAPPER.readTree(line).get("submission_id").asText());
        assertEquals(2, ids.size(), "each label once");
    }

    @Test
    void anAdminResumesAPausedLabelerAndTheOldMissesDoNotPauseThemAgain() throws Exception {
        SignedIn ana = SignedIn.as(server, Role.LABELER);
        String gold = goldProject(ana);
        String settings = "/label/api/admin/projects/" + gold + "/settings";
        assertEquals(
                200,
                send(admin, "PUT", settings, "{\"min_gold_accuracy\": 0.6, \"min_gold_judged\": 2}")
                        .statusCode());
        labelWrong(ana);
        labelWrong(ana);
        assertEquals(403, send(ana, "GET", "/label/api/next", null).statusCode(), "paused after 0 of 2 gold right");

        String resume = "/label/api/admin/projects/" + gold + "/labelers/" + ana.name + "/resume";
        assertEquals(403, send(ana, "POST", resume, null).statusCode(), "a labeler cannot resume themselves");
        HttpResponse<String> noCsrf = http.send(
                admin.cookie(HttpRequest.newBuilder(URI.create(server.url() + resume))
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noCsrf.statusCode(), "an admin's session without the CSRF token is refused");
        assertTrue(noCsrf.body().contains("CSRF"), noCsrf.body());
        assertEquals(403, send(ana, "GET", "/label/api/next", null).statusCode(), "still paused after the refusals");

        HttpResponse<String> resumed = send(admin, "POST", resume, null);
        assertEquals(200, resumed.statusCode(), resumed.body());
        assertTrue(resumed.body().contains("\"resumed\":true"), resumed.body());
        assertEquals(
                0,
                Json.MAPPER
                        .readTree(send(admin, "GET", settings, null).body())
                        .get("paused")
                        .size());
        assertTrue(
                users.recentAudit(50).stream()
                        .anyMatch(e -> e.action().equals("labeler.resume")
                                && e.actor().equals(admin.name)
                                && e.detail().contains(ana.name)
                                && e.detail().contains(gold)),
                "the resume is in the audit log, by the admin, naming labeler and project");

        // One more miss: one gold label since the resume is too few to judge, so no new pause.
        labelWrong(ana);
        assertEquals(
                200,
                send(ana, "GET", "/label/api/next", null).statusCode(),
                "the misses before the resume are not counted again");

        HttpResponse<String> notPaused = send(admin, "POST", resume, null);
        assertEquals(409, notPaused.statusCode());
        assertTrue(notPaused.body().contains("is not paused in project " + gold), notPaused.body());
        HttpResponse<String> nobody = send(
                admin,
                "POST",
                "/label/api/admin/projects/" + gold + "/labelers/nobody-" + UUID.randomUUID() + "/resume",
                null);
        assertEquals(404, nobody.statusCode());
        assertTrue(nobody.body().contains("no account named nobody-"), nobody.body());
    }

    @Test
    void theReviewPageShowsAdminsThePausedLabelersWithAResumeButton() throws Exception {
        SignedIn ben = SignedIn.as(server, Role.LABELER);
        String gold = goldProject(ben);
        assertEquals(
                200,
                send(
                                admin,
                                "PUT",
                                "/label/api/admin/projects/" + gold + "/settings",
                                "{\"min_gold_judged\": 1, " + "\"min_gold_accuracy\": 0.5}")
                        .statusCode());
        labelWrong(ben);
        assertEquals(403, send(ben, "GET", "/label/api/next", null).statusCode(), "paused after one gold miss");
        SignedIn reviewer = SignedIn.as(server, Role.REVIEWER);
        try (Chromium browser = new Chromium()) {
            var driver = browser.driver;
            reviewer.into(browser, server);
            driver.get(server.url() + "/label/review?project=" + gold);
            browser.waitFor(
                    () -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
            assertTrue(
                    driver.findElement(By.id("paused-section")).getAttribute("hidden") != null,
                    "a reviewer sees no resume buttons");

            driver.manage().deleteAllCookies();
            admin.into(browser, server);
            driver.get(server.url() + "/label/review?project=" + gold);
            browser.waitFor(() ->
                    !driver.findElements(By.cssSelector("#paused tbody tr")).isEmpty());
            var row = driver.findElement(By.cssSelector("#paused tbody tr"));
            assertEquals(ben.name, row.getAttribute("data-labeler"));
            assertTrue(row.getText().contains("0 / 1"), row.getText());
            row.findElement(By.tagName("button")).click();
            browser.waitFor(() ->
                    driver.findElements(By.cssSelector("#paused tbody tr")).isEmpty());
        }
        assertEquals(200, send(ben, "GET", "/label/api/next", null).statusCode(), "resumed from the page");
        assertTrue(users.recentAudit(50).stream()
                .anyMatch(e -> e.action().equals("labeler.resume") && e.detail().contains(ben.name)));
    }
}
