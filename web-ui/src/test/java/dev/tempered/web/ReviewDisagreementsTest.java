package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.ReviewStore;
import dev.tempered.storage.labels.Submission;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The reviewer's disagreements on the real server and database: three labelers rank two tasks,
 * two pairs of the first are disputed; the figures per labeler are the hand-computed ones; a
 * resolution is validated, stored with its audit entry and shown; a labeler cannot see any of it;
 * the page shows hostile model text as text.
 */
class ReviewDisagreementsTest {
    static final String IMG = "<img src=x onerror=\"document.body.dataset.pwned=1\">";
    static final String SCRIPT = "<script>document.body.dataset.pwned=2</script>";

    private static final HttpClient http = HttpClient.newHttpClient();
    private static DashboardServer server;
    private static UserStore users;
    private static String project;
    private static UUID task0;
    private static final Map<String, String> names = new HashMap<>();
    private static SignedIn reviewer;
    private static SignedIn labeler;

    @BeforeAll
    static void start() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        users = new UserStore(fixture.dataSource(), new PasswordHasher(8, 1, 1));
        LabelStore labels = new LabelStore(fixture.dataSource());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        project = "review-" + suffix;
        User l1 = users.create("l1-" + suffix, Role.LABELER, "pw-l1-pw-l1");
        User l2 = users.create("l2-" + suffix, Role.LABELER, "pw-l2-pw-l2");
        User l3 = users.create("l3-" + suffix, Role.LABELER, "pw-l3-pw-l3");
        names.put("l1", l1.name());
        names.put("l3", l3.name());
        List<NewTask.NewResponse> responses = List.of(
                new NewTask.NewResponse("#### 4", "{}"),
                new NewTask.NewResponse(IMG, "{}"),
                new NewTask.NewResponse(SCRIPT, "{}"));
        labels.createProject(
                new LabelProject(
                        project, "review", "", 3, 3, 3, 1000, Instant.now().plus(Duration.ofDays(1)), true),
                List.of(new NewTask("2+2?", "#### 4", 0, responses), new NewTask("3+3?", null, null, responses)),
                List.of(l1.id(), l2.id(), l3.id()));
        task0 = LabelStore.taskId(project, 0);
        UUID task1 = LabelStore.taskId(project, 1);
        submit(labels, l1, task0, List.of(List.of(0), List.of(1), List.of(2)));
        submit(labels, l2, task0, List.of(List.of(0), List.of(2), List.of(1)));
        submit(labels, l3, task0, List.of(List.of(1), List.of(0), List.of(2)));
        for (User u : List.of(l1, l2, l3)) submit(labels, u, task1, List.of(List.of(2), List.of(1), List.of(0)));
        server = DashboardServer.start(
                WebConfig.anyFreePort(), fixture.lineage(), fixture.newArtifactStore("review-disagreements"));
        reviewer = SignedIn.as(server, Role.REVIEWER);
        labeler = SignedIn.as(server, Role.LABELER);
    }

    private static void submit(LabelStore labels, User u, UUID task, List<List<Integer>> ranking) {
        labels.submit(
                u.id(),
                new Submission(UUID.randomUUID().toString(), task, ranking, null, null, Set.of(), null),
                Instant.now());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String path(String tail) {
        return "/label/api/review/projects/" + project + tail;
    }

    private static HttpResponse<String> get(SignedIn who, String path) throws Exception {
        return http.send(
                who.apply(HttpRequest.newBuilder(URI.create(server.url() + path)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> resolve(SignedIn who, boolean csrf, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path("/resolve")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return http.send((csrf ? who.apply(b) : who.cookie(b)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void reviewersSeeDisputedPairsAndFiguresAndResolveOne() throws Exception {
        assertEquals(403, get(labeler, path("/disagreements")).statusCode(), "labelers are blind to others");
        HttpResponse<String> r = get(reviewer, path("/disagreements"));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Json.MAPPER.readTree(r.body());
        JsonNode pairs = body.get("pairs");
        assertEquals(2, pairs.size(), r.body());
        assertEquals(0, pairs.get(0).get("a").asInt());
        assertEquals(1, pairs.get(0).get("b").asInt());
        assertEquals(IMG, pairs.get(0).get("text_b").asText());
        assertEquals(
                List.of(names.get("l3")),
                List.of(pairs.get(0).get("prefer_b").get(0).asText()));
        assertEquals(1, pairs.get(1).get("a").asInt());
        assertEquals(2, pairs.get(1).get("b").asInt());

        // l1 agrees with another labeler on 10 of the 12 comparisons it is part of, l3 on 9 of 12;
        // the gold task (response 0 best) makes l1 right and l3 wrong.
        Map<String, JsonNode> figures = new HashMap<>();
        for (JsonNode l : body.get("labelers")) figures.put(l.get("labeler").asText(), l);
        JsonNode f1 = figures.get(names.get("l1")), f3 = figures.get(names.get("l3"));
        assertEquals(12, f1.get("comparable_pairs").asInt());
        assertEquals(10.0 / 12, f1.get("pairwise_agreement").asDouble(), 1e-9);
        assertEquals(9.0 / 12, f3.get("pairwise_agreement").asDouble(), 1e-9);
        assertEquals(1.0, f1.get("gold_accuracy").asDouble(), 1e-9);
        assertEquals(0.0, f3.get("gold_accuracy").asDouble(), 1e-9);
        assertEquals(1, f3.get("gold_tasks").asInt());

        String pair01 = "{\"task_id\": \"" + task0 + "\", \"a\": 0, \"b\": 1, \"winner\": ";
        assertEquals(403, resolve(reviewer, false, pair01 + "\"a\"}").statusCode(), "no CSRF token");
        assertEquals(403, resolve(labeler, true, pair01 + "\"a\"}").statusCode(), "labelers may not resolve");
        HttpResponse<String> bad = resolve(reviewer, true, pair01 + "\"c\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("winner must be"), bad.body());
        HttpResponse<String> agreed =
                resolve(reviewer, true, "{\"task_id\": \"" + task0 + "\", \"a\": 0, \"b\": 2, \"winner\": \"a\"}");
        assertEquals(409, agreed.statusCode());
        assertTrue(agreed.body().contains("not a disagreement"), agreed.body());
        HttpResponse<String> foreign = resolve(
                reviewer, true, "{\"task_id\": \"" + UUID.randomUUID() + "\", \"a\": 0, \"b\": 1, \"winner\": \"a\"}");
        assertEquals(404, foreign.statusCode());
        assertTrue(
                new ReviewStore(StorageFixture.get().dataSource())
                        .resolutions(project)
                        .isEmpty(),
                "nothing stored");

        HttpResponse<String> ok = resolve(reviewer, true, pair01 + "\"b\", \"note\": \"the <img> one is right\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode resolved = Json.MAPPER
                .readTree(get(reviewer, path("/disagreements")).body())
                .get("pairs")
                .get(0)
                .get("resolution");
        assertEquals(1, resolved.get("winner").asInt(), "winner b of pair (0, 1) is response 1");
        assertEquals(reviewer.name, resolved.get("reviewer").asText());
        assertTrue(users.recentAudit(20).stream()
                .anyMatch(e -> e.action().equals("review.resolve") && e.actor().equals(reviewer.name)));
    }

    @Test
    void thePageShowsModelTextAsTextAndKeepsLabelersOut() throws Exception {
        HttpResponse<String> asLabeler = http.send(
                labeler.cookie(HttpRequest.newBuilder(URI.create(server.url() + "/label/review")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, asLabeler.statusCode());
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/label/review"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, anonymous.statusCode());
        try (Chromium browser = new Chromium()) {
            reviewer.into(browser, server);
            var driver = browser.driver;
            driver.get(server.url() + "/label/review?project=" + project);
            browser.waitFor(
                    () -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
            List<String> texts = driver.findElements(By.cssSelector("#pairs .response-text")).stream()
                    .map(e -> e.getText())
                    .toList();
            assertTrue(texts.contains(IMG), texts.toString());
            assertTrue(texts.contains(SCRIPT), texts.toString());
            assertEquals(
                    0,
                    driver.findElements(By.cssSelector("#pairs img, #pairs script"))
                            .size());
            assertEquals(null, driver.findElement(By.tagName("body")).getAttribute("data-pwned"));
        }
    }
}
