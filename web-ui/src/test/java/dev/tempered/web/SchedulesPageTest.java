package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.Submission;
import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Schedules page in real Chromium: a retraining schedule's firing history as the firing
 * activities record it in PostgreSQL (skipped with its count, a failed retrain whose message is
 * hostile HTML, a succeeded one with its run and promotion), escaped; and pause/resume, which
 * only a signed-in admin with the session's CSRF token may post. The pauser here records the
 * pause in the real table only (the app's also tells Temporal, which the CLI tests cover).
 */
class SchedulesPageTest {
    private static final String PAYLOAD = "ppo failed: <img src=x onerror=\"document.title='pwned'\">";

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Chromium chromium;
    private static DashboardServer server;
    private static RetrainScheduleStore schedules;
    private static String name;
    private static String runId;

    @BeforeAll
    static void start() throws Exception {
        StorageFixture storage = StorageFixture.get();
        LineageStore lineage = storage.lineage();
        schedules = new RetrainScheduleStore(lineage.dataSource());
        LabelStore labels = new LabelStore(lineage.dataSource());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        User ana = new UserStore(lineage.dataSource(), new PasswordHasher(8, 1, 1))
                .create("ana-" + suffix, Role.LABELER, "password-ana");
        String project = "schedules-page/" + suffix;
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tasks.add(new NewTask(
                    "prompt " + i,
                    null,
                    null,
                    List.of(
                            new NewTask.NewResponse("a", "{\"reply\": \"a\"}"),
                            new NewTask.NewResponse("b", "{\"reply\": \"b\"}"))));
        }
        labels.createProject(
                new LabelProject(
                        project, "t", "# g", 2, 1, 1, 100, Instant.now().plus(Duration.ofDays(1)), true),
                tasks,
                List.of(ana.id()));
        name = "nightly-" + suffix;
        schedules.create(name, 21_600, 1, "{\"name\":\"retrain\",\"stages\":[]}", "workflow");
        List<String> project1 = List.of(project);
        assertEquals(
                RetrainFiring.SKIPPED,
                schedules.beginFiring(name, name + "-1", project1).status());
        submit(labels, ana, project, 0);
        assertEquals(
                RetrainFiring.STARTED,
                schedules.beginFiring(name, name + "-2", project1).status());
        schedules.finishFiring(name + "-2", RetrainFiring.FAILED, PAYLOAD, null);
        submit(labels, ana, project, 1);
        assertEquals(
                RetrainFiring.STARTED,
                schedules.beginFiring(name, name + "-3", project1).status());
        runId = name + "-3-run";
        schedules.attachRun(name + "-3", runId);
        schedules.finishFiring(name + "-3", RetrainFiring.SUCCEEDED, null, "promote-chat-v7-1");

        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, storage.newArtifactStore("schedules-page"));
        server.pauseSchedulesWith(schedules::setPaused);
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    private static void submit(LabelStore labels, User who, String project, int task) {
        labels.submit(
                who.id(),
                new Submission(
                        UUID.randomUUID().toString(),
                        LabelStore.taskId(project, task),
                        List.of(List.of(0), List.of(1)),
                        null,
                        null,
                        Set.of(),
                        null),
                Instant.now());
    }

    private static WebElement section() {
        return chromium.driver.findElement(By.cssSelector("section[data-schedule='" + name + "']"));
    }

    @Test
    void firingHistoryShowsEachFiringWithItsCountRunAndPromotionEscaped() {
        chromium.driver.get(server.url() + "/schedules");
        WebElement s = section();
        assertEquals("active", s.getAttribute("data-state"));
        assertEquals("1", s.findElement(By.cssSelector(".threshold")).getText());
        assertEquals("21600 s", s.findElement(By.cssSelector(".interval")).getText());
        List<WebElement> rows = s.findElements(By.cssSelector("tr.firing"));
        assertEquals(
                List.of(RetrainFiring.SUCCEEDED, RetrainFiring.FAILED, RetrainFiring.SKIPPED),
                rows.stream().map(r -> r.getAttribute("data-status")).toList());
        assertEquals(
                List.of("2 / 1", "1 / 1", "0 / 1"),
                rows.stream()
                        .map(r -> r.findElement(By.cssSelector(".count")).getText())
                        .toList());
        assertEquals(
                "0 new label(s), fewer than 1",
                rows.get(2).findElement(By.cssSelector(".message")).getText());
        WebElement run = rows.get(0).findElement(By.cssSelector("a.run"));
        assertEquals(runId, run.getText());
        assertTrue(run.getAttribute("href").endsWith("/runs/" + runId), run.getAttribute("href"));
        assertEquals(
                "promote-chat-v7-1",
                rows.get(0).findElement(By.cssSelector("a.promotion")).getText());
        // The failure text is shown as text: no image element, no script ran.
        assertEquals(
                PAYLOAD, rows.get(1).findElement(By.cssSelector(".message")).getText());
        assertTrue(rows.get(1).findElements(By.cssSelector(".message img")).isEmpty());
        assertNotEquals("pwned", chromium.driver.getTitle());
        // Nobody is signed in: no pause button.
        assertTrue(s.findElements(By.cssSelector("form.pause")).isEmpty());
    }

    @Test
    void onlyASignedInAdminWithTheCsrfTokenPausesAndResumes() throws Exception {
        URI pause = URI.create(server.url() + "/schedules/" + name + "/pause");
        assertEquals(401, post(HttpRequest.newBuilder(pause)).statusCode());
        SignedIn labeler = SignedIn.as(server, Role.LABELER);
        assertEquals(403, post(labeler.apply(HttpRequest.newBuilder(pause))).statusCode());
        SignedIn admin = SignedIn.as(server, Role.ADMIN);
        assertEquals(403, post(admin.cookie(HttpRequest.newBuilder(pause))).statusCode(), "no CSRF token");
        assertEquals(
                404,
                post(admin.apply(HttpRequest.newBuilder(URI.create(server.url() + "/schedules/no-such/pause"))))
                        .statusCode());
        assertFalse(schedules.get(name).orElseThrow().paused());
        // "Origin: null" (what Chromium sends from the page itself under no-referrer) passes only
        // with Sec-Fetch-Site: same-origin; from elsewhere it is refused.
        assertEquals(
                403,
                http.send(
                                admin.apply(HttpRequest.newBuilder(pause))
                                        .header("Origin", "null")
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        assertFalse(schedules.get(name).orElseThrow().paused());

        admin.into(chromium, server);
        try {
            chromium.driver.get(server.url() + "/schedules");
            section().findElement(By.cssSelector("form.pause button")).click();
            chromium.waitFor(() -> "paused".equals(section().getAttribute("data-state")));
            assertTrue(schedules.get(name).orElseThrow().paused());
            assertEquals(
                    "Resume",
                    section().findElement(By.cssSelector("form.pause button")).getText());
            section().findElement(By.cssSelector("form.pause button")).click();
            chromium.waitFor(() -> "active".equals(section().getAttribute("data-state")));
            assertFalse(schedules.get(name).orElseThrow().paused());
        } finally {
            chromium.driver.manage().deleteAllCookies();
        }
    }

    private static HttpResponse<String> post(HttpRequest.Builder b) throws Exception {
        return http.send(
                b.header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", server.url())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
