package dev.tempered.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.app.CliRunner;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.Json;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunStart;
import dev.tempered.storage.StageStatus;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One status for a run the platform lost, everywhere: after a restart of the embedded platform
 * (a run recorded as running whose workflow lived in the old server's memory), and when Temporal,
 * asked, no longer runs a run's workflow, {@code runs}, {@code runs --json}, {@code show} and the
 * dashboard's {@code /api/runs} all say {@code lost}; {@code cancel} clears a lost run to cancelled.
 */
class LostRunsEverywhereTest {
    @TempDir
    static Path root;

    static Platform platform;
    static DashboardServer web;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TemperedConfig config() {
        return TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
    }

    static void recordRunning(Platform p, String runId) {
        p.lineage().beginPipelineRun(runId, "ghost", Map.of("name", "ghost", "stages", List.of()), "gone");
        p.lineage()
                .startStageRun(new StageRunStart(
                        runId,
                        0,
                        "noop",
                        1,
                        dev.tempered.storage.Digests.sha256Hex(runId.getBytes()),
                        Map.of(),
                        List.of(),
                        runId + "-noop",
                        null));
    }

    @BeforeAll
    static void restartThePlatformUnderARunningRun() {
        // The first platform records a run as running, as a pipeline's first activity does, and stops
        // (Ctrl-C): its embedded Temporal server, and the workflow with it, are gone.
        try (Platform before = Platform.start(config())) {
            recordRunning(before, "interrupted-1");
            before.lineage().beginPipelineRun("finished-1", "ghost", Map.of(), "done");
            before.lineage().finishPipelineRun("finished-1", StageStatus.SUCCEEDED, null);
        }
        platform = Platform.start(config());
        web = DashboardServer.start(WebConfig.anyFreePort(), platform.lineage(), platform.store());
        platform.own(web);
        platform.publishPlatformFile(web.url());
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    static String cli(String... args) {
        return new CliRunner(root.resolve("none.yaml"), root.resolve("data")).expect(0, args);
    }

    static JsonNode apiRun(String id) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(web.url() + "/api/runs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        for (JsonNode run : Json.MAPPER.readTree(r.body()))
            if (run.get("id").asText().equals(id)) return run;
        throw new AssertionError(id + " not in /api/runs: " + r.body());
    }

    static JsonNode jsonRun(String id) throws Exception {
        for (JsonNode run : Json.MAPPER.readTree(cli("runs", "--json")))
            if (run.get("id").asText().equals(id)) return run;
        throw new AssertionError(id + " not in runs --json");
    }

    static void assertLostEverywhere(String id, String why) throws Exception {
        PipelineRunRecord record = platform.lineage().run(id).orElseThrow();
        assertEquals(StageStatus.LOST, record.status());
        assertEquals(why, record.error());
        assertEquals(StageStatus.LOST, record.stages().get(0).status());

        JsonNode json = jsonRun(id);
        assertEquals("lost", json.get("status").asText(), json.toString());
        assertEquals("lost", json.get("stages").get(0).get("status").asText(), json.toString());
        String text = cli("runs");
        assertTrue(text.matches("(?s).*" + id + "\\s+ghost\\s+lost.*"), text);
        String show = cli("show", id);
        assertTrue(show.startsWith("run " + id + "  pipeline ghost  lost  created "), show);
        assertTrue(show.contains("error: " + why), show);
        assertEquals(
                "lost",
                Json.MAPPER.readTree(cli("show", id, "--json")).get("status").asText());
        JsonNode api = apiRun(id);
        assertEquals("lost", api.get("status").asText(), api.toString());
        // The dashboard's run page shows the same badge (and, no longer running, stops polling).
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create(web.url() + "/runs/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<span class=\"badge status-lost\">lost</span>"), page.body());
    }

    @Test
    void aRunThePlatformWasRunningWhenItStoppedIsLostEverywhereAfterTheRestart() throws Exception {
        assertLostEverywhere("interrupted-1", LostRunReconciler.RESTARTED);
        assertEquals(
                StageStatus.SUCCEEDED,
                platform.lineage().run("finished-1").orElseThrow().status(),
                "a finished run keeps its outcome");
    }

    @Test
    void aRunTemporalNoLongerRunsIsRecordedLostWhenAnyViewAsks() throws Exception {
        String id = "vanished-" + UUID.randomUUID().toString().substring(0, 8);
        recordRunning(platform, id);
        // Before anyone asks Temporal, lineage says running; `show` asks, and from then on all agree.
        assertEquals(
                StageStatus.RUNNING, platform.lineage().run(id).orElseThrow().status());
        assertTrue(cli("show", id).contains(" lost "));
        assertLostEverywhere(id, LostRunReconciler.GONE);
    }

    @Test
    void cancelClearsALostRunToCancelledWithItsLostStage() throws Exception {
        String id = "cleared-" + UUID.randomUUID().toString().substring(0, 8);
        recordRunning(platform, id);
        assertTrue(cli("runs").contains("lost"));
        assertEquals(StageStatus.LOST, platform.lineage().run(id).orElseThrow().status());

        String cancelled = cli("cancel", id);
        assertTrue(cancelled.contains("run " + id + " was lost") && cancelled.contains("marked cancelled"), cancelled);
        PipelineRunRecord record = platform.lineage().run(id).orElseThrow();
        assertEquals(StageStatus.CANCELLED, record.status());
        assertEquals(StageStatus.CANCELLED, record.stages().get(0).status());
        assertEquals("cancelled", apiRun(id).get("status").asText());
        assertTrue(cli("cancel", id).matches("run " + id + " already cancelled at \\S+; nothing to cancel\\s*"));
    }
}
