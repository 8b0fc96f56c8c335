package dev.tempered.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.CliRunner;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.app.temporal.TemporalCapabilities;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import dev.tempered.workflows.TaskQueues;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real Temporal server offers and the embedded one lacks, used when present: scheduled
 * retraining as a real Temporal Schedule, and lost-run detection through a visibility query.
 * (ScheduleFallbackTest covers the fallbacks on the embedded server.)
 */
class RealTemporalCapabilitiesIT {
    @TempDir
    static Path root;

    static ExternalServers servers;
    static Platform platform;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        servers = ExternalServers.start(root.resolve("servers"));
        config = root.resolve("tempered.yaml");
        Map<String, String> env = servers.temperedEnv();
        // The CLI reads the same settings from the file that the test's platform gets from env.
        Files.writeString(config, """
                temporal: {target: "%s"}
                s3: {endpoint: "%s", access_key: "%s", secret_key: "%s", bucket: "%s"}
                postgres: {url: "%s", user: "%s", password: "%s"}
                web: {port: 0}
                """.formatted(
                        env.get("TEMPERED_TEMPORAL_TARGET"),
                        env.get("TEMPERED_S3_ENDPOINT"),
                        env.get("TEMPERED_S3_ACCESS_KEY"),
                        env.get("TEMPERED_S3_SECRET_KEY"),
                        env.get("TEMPERED_S3_BUCKET"),
                        env.get("TEMPERED_POSTGRES_URL"),
                        env.get("TEMPERED_POSTGRES_USER"),
                        env.get("TEMPERED_POSTGRES_PASSWORD")));
        platform = Platform.connect(TemperedConfig.load(config, Map.of()).withDataDir(root.resolve("data")), true);
        platform.own(Workers.start(platform, Set.copyOf(TaskQueues.ALL)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) platform.close();
        if (servers != null) servers.close();
    }

    static String cli(int expectedExit, String... args) {
        return new CliRunner(config, root.resolve("data")).expect(expectedExit, args);
    }

    @Test
    void realServerHasSchedulesAndVisibilityQueries() {
        assertEquals(new TemporalCapabilities(true, true), platform.capabilities());
    }

    @Test
    void scheduledRetrainingIsATemporalScheduleWhoseRunsLandInLineage() throws Exception {
        Path pipeline = root.resolve("hourly.yaml");
        Files.writeString(
                pipeline,
                "name: hourly\nstages:\n  - stage: ingest\n    params: {sources: ["
                        + Path.of("..", "examples", "data", "html").toAbsolutePath() + "]}\n  - stage: noop\n");
        assertTrue(cli(0, "schedule", "create", "hourly", pipeline.toString(), "--every=3s", "--force")
                .contains("schedule hourly created (temporal-schedule)"));
        cli(2, "schedule", "create", "hourly", pipeline.toString(), "--every=5s", "--force");
        long deadline = System.currentTimeMillis() + 120_000;
        List<PipelineRunRecord> done = List.of();
        while (done.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            done = platform.lineage().recentRuns(50).stream()
                    .filter(r -> r.id().startsWith("hourly-") && r.status() == StageStatus.SUCCEEDED)
                    .toList();
        }
        String listed = cli(0, "schedule", "list");
        cli(0, "schedule", "delete", "hourly");
        assertTrue(done.size() >= 2, "two firings ran: " + done);
        // Temporal names each firing's workflow: the action's id plus the firing time.
        assertTrue(
                done.get(0).id().matches("hourly-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                done.get(0).id());
        assertTrue(listed.matches("(?s).*hourly\\s+every 3s\\s+temporal-schedule\\s+last run hourly-\\d{4}.*"), listed);
        assertTrue(cli(0, "schedule", "list").contains("no schedules"));
        cli(2, "schedule", "delete", "hourly");

        // The Temporal Web UI built with the servers shows the scheduled runs.
        String ui = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servers.uiPort
                                        + "/api/v1/namespaces/default/workflows?query="
                                        + URLEncoder.encode("WorkflowType='PipelineWorkflow'", StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(
                ui.contains("\"" + done.get(0).id() + "\""),
                "the Web UI lists " + done.get(0).id() + ": " + ui);
    }

    @Test
    void aRetrainingScheduleIsATemporalScheduleWhoseFiringsRecordThemselvesAndPause() throws Exception {
        // Its snapshot reads a project with no labels: every firing is skipped with a count of 0.
        Path pipeline = root.resolve("relabel.yaml");
        Files.writeString(
                pipeline,
                "name: relabel\nstages:\n  - stage: label-snapshot\n    params: {projects: [no-labels-here]}\n");
        assertTrue(cli(
                        0,
                        "schedule",
                        "create",
                        "relabel",
                        pipeline.toString(),
                        "--every=2s",
                        "--force",
                        "--min-new-labels=3")
                .contains("retraining schedule relabel created (temporal-schedule)"));
        RetrainScheduleStore store = new RetrainScheduleStore(platform.lineage().dataSource());
        awaitFirings(store, 2);
        for (RetrainFiring f : store.firings("relabel", 50)) {
            assertEquals(RetrainFiring.SKIPPED, f.status(), f.toString());
            assertEquals(0, f.newLabels());
            // Temporal names each firing's workflow: the action's id plus the firing time.
            assertTrue(f.firingId().matches("relabel-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), f.firingId());
        }
        assertTrue(cli(0, "schedule", "list")
                .matches("(?s).*relabel\\s+every 2s\\s+temporal-schedule.*min new labels 3.*"));

        cli(0, "schedule", "pause", "relabel");
        assertTrue(cli(0, "schedule", "list").matches("(?s).*relabel.*paused.*"));
        Thread.sleep(2_500);
        int paused = store.firings("relabel", 50).size();
        Thread.sleep(4_500);
        assertEquals(paused, store.firings("relabel", 50).size(), "the paused Schedule does not fire");
        cli(0, "schedule", "resume", "relabel");
        awaitFirings(store, paused + 1);
        cli(0, "schedule", "delete", "relabel");
        assertTrue(store.get("relabel").isEmpty());
        assertTrue(!cli(0, "schedule", "list").contains("relabel"));
    }

    private static void awaitFirings(RetrainScheduleStore store, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (store.firings("relabel", 50).size() < n && System.currentTimeMillis() < deadline) Thread.sleep(250);
        assertTrue(store.firings("relabel", 50).size() >= n, "fired: " + store.firings("relabel", 50));
    }

    @Test
    void lostRunsAreFoundThroughAVisibilityQuery() {
        platform.lineage()
                .beginPipelineRun("ghost-2", "ghost", Map.of("name", "ghost", "stages", List.of()), "no-such-run");
        String runs = cli(0, "runs");
        assertTrue(runs.matches("(?s).*ghost-2\\s+ghost\\s+lost.*"), runs);
        // Run rows only (id, pipeline, status): the explanation under the table mentions "a lost run" too.
        Set<String> lostLines =
                runs.lines().filter(l -> l.matches("\\S+\\s+\\S+\\s+lost\\s.*")).collect(Collectors.toSet());
        assertEquals(1, lostLines.size(), "only the ghost is lost: " + lostLines);
    }
}
