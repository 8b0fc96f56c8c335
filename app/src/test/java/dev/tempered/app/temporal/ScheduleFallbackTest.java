package dev.tempered.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.CliRunner;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunStart;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import dev.tempered.workflows.TaskQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Temporal server has neither Schedules nor visibility queries: the platform finds
 * that out, and scheduled retraining and lost-run detection still work through their fallbacks
 * (a schedule workflow; the list-open API). The real-server paths run in the integration suite.
 */
class ScheduleFallbackTest {
    @TempDir
    static Path root;

    static final DateTimeFormatter FIRING_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    static Platform platform;
    static Path pipeline;

    @BeforeAll
    static void start() throws Exception {
        TemperedConfig config = TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        platform = Platform.start(config);
        platform.own(Workers.start(platform, Set.copyOf(TaskQueues.ALL)));
        platform.publishPlatformFile("none");
        pipeline = root.resolve("nightly.yaml");
        Files.writeString(
                pipeline,
                "name: nightly\nstages:\n  - stage: ingest\n    params: {sources: ["
                        + Path.of("..", "examples", "data", "html").toAbsolutePath() + "]}\n  - stage: noop\n");
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    static String[] cli(int expectedExit, String... args) {
        return new CliRunner(root.resolve("none.yaml"), root.resolve("data"))
                .expect(expectedExit, args)
                .split("\n");
    }

    static List<PipelineRunRecord> scheduledRuns() {
        return platform.lineage().recentRuns(50).stream()
                .filter(r -> r.id().startsWith("nightly-20"))
                .toList();
    }

    @Test
    void embeddedServerHasNeitherSchedulesNorVisibilityQueries() {
        assertEquals(new TemporalCapabilities(false, false), platform.capabilities());
    }

    @Test
    void scheduleRunsThePipelineEveryIntervalUntilDeleted() throws Exception {
        cli(2, "schedule", "create", "nightly", pipeline.toString(), "--every=2s"); // under the minimum
        long createdAt = System.currentTimeMillis();
        String created = String.join(
                "\n", cli(0, "schedule", "create", "nightly", pipeline.toString(), "--every=2s", "--force"));
        assertTrue(created.contains("schedule nightly created (workflow)"), created);
        String listed = String.join("\n", cli(0, "schedule", "list"));
        assertTrue(listed.matches("(?s).*nightly\\s+every 2s\\s+workflow.*"), listed);
        cli(2, "schedule", "create", "nightly", pipeline.toString(), "--every=5s", "--force"); // the name is taken

        long deadline = System.currentTimeMillis() + 90_000;
        while (scheduledRuns().stream()
                                .filter(r -> r.status() == StageStatus.SUCCEEDED)
                                .count()
                        < 2
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        cli(0, "schedule", "delete", "nightly");
        long deletedAt = System.currentTimeMillis();
        // In real time: each firing is named after its wall-clock firing time and starts then (the
        // embedded server once skipped time and named runs hours ahead), and there are no more
        // firings than 2 s intervals passed.
        List<PipelineRunRecord> fired = scheduledRuns();
        assertTrue(
                fired.size() <= (deletedAt - createdAt) / 2_000 + 1,
                fired.size() + " firings in " + (deletedAt - createdAt) + " ms");
        for (PipelineRunRecord r : fired) {
            long named = FIRING_TIME
                    .parse(r.id().substring("nightly-".length()), Instant::from)
                    .toEpochMilli();
            assertTrue(named >= createdAt - 2_000 && named <= deletedAt, r.id() + " named outside the schedule's life");
            assertTrue(
                    Math.abs(r.created().toEpochMilli() - named) < 3_000,
                    r.id() + " started at " + r.created() + ", not at its firing time");
        }
        List<PipelineRunRecord> runs = scheduledRuns().stream()
                .filter(r -> r.status() == StageStatus.SUCCEEDED)
                .toList();
        assertTrue(runs.size() >= 2, "two firings ran: " + runs);
        PipelineRunRecord first = runs.get(runs.size() - 1);
        PipelineRunRecord second = runs.get(runs.size() - 2);
        assertNotEquals(first.id(), second.id());
        assertTrue(second.id().matches("nightly-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), second.id());
        // Same sources snapshot, same params: the later firing reuses the first one's artifacts.
        assertTrue(
                second.stages().stream().allMatch(s -> s.cached()), "second firing is all cached: " + second.stages());
        assertEquals(first.stages().get(1).outputs(), second.stages().get(1).outputs());

        // Deleted: no firing starts any more.
        int after = scheduledRuns().size();
        Thread.sleep(4_500);
        assertEquals(after, scheduledRuns().size(), "no run after the delete");
        assertTrue(String.join("\n", cli(0, "schedule", "list")).contains("no schedules"));
        cli(2, "schedule", "delete", "nightly");
    }

    @Test
    void aRetrainingScheduleRecordsSkippedFiringsPausesResumesAndDeletes() throws Exception {
        // Its snapshot reads a project with no labels: every firing is skipped with a count of 0.
        Path retrain = root.resolve("retrain.yaml");
        Files.writeString(
                retrain,
                "name: retrain\nstages:\n  - stage: label-snapshot\n    params: {projects: [no-labels-yet]}\n");
        Path plain = root.resolve("plain.yaml");
        Files.writeString(plain, "name: plain\nstages:\n  - stage: noop\n");
        CliRunner.Result refused = new CliRunner(root.resolve("none.yaml"), root.resolve("data"))
                .run("schedule", "create", "relabel", plain.toString(), "--every=2s", "--force", "--min-new-labels=5");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("has no label-snapshot stage"), refused.err());
        cli(2, "schedule", "create", "relabel", retrain.toString(), "--every=2s", "--force", "--min-new-labels=0");

        String created = String.join(
                "\n",
                cli(
                        0,
                        "schedule",
                        "create",
                        "relabel",
                        retrain.toString(),
                        "--every=2s",
                        "--force",
                        "--min-new-labels=5"));
        assertTrue(created.contains("retraining schedule relabel created (workflow)"), created);
        RetrainScheduleStore store = new RetrainScheduleStore(platform.lineage().dataSource());
        awaitFirings(store, 2);
        for (RetrainFiring f : store.firings("relabel", 50)) {
            assertEquals(RetrainFiring.SKIPPED, f.status(), f.toString());
            assertEquals(0, f.newLabels());
            assertEquals(5, f.minNewLabels());
            assertTrue(f.firingId().matches("relabel-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), f.firingId());
        }
        String listed = String.join("\n", cli(0, "schedule", "list"));
        assertTrue(listed.matches("(?s).*relabel\\s+every 2s\\s+workflow.*min new labels 5.*"), listed);

        cli(0, "schedule", "pause", "relabel");
        assertTrue(String.join("\n", cli(0, "schedule", "list")).matches("(?s).*relabel.*paused.*"));
        // A firing already due when the signal came may still record itself; after that, none.
        Thread.sleep(2_500);
        int paused = store.firings("relabel", 50).size();
        Thread.sleep(4_500);
        assertEquals(paused, store.firings("relabel", 50).size(), "no firing while paused");

        cli(0, "schedule", "resume", "relabel");
        awaitFirings(store, paused + 1);
        cli(2, "schedule", "pause", "no-such-schedule");
        cli(0, "schedule", "delete", "relabel");
        assertTrue(store.get("relabel").isEmpty());
        assertFalse(String.join("\n", cli(0, "schedule", "list")).contains("relabel"));
    }

    private static void awaitFirings(RetrainScheduleStore store, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (store.firings("relabel", 50).size() < n && System.currentTimeMillis() < deadline) Thread.sleep(200);
        assertTrue(store.firings("relabel", 50).size() >= n, "fired: " + store.firings("relabel", 50));
    }

    @Test
    void badScheduleRequestsAreRefusedByName() {
        cli(2, "schedule", "create", "Bad Name", pipeline.toString(), "--every=1h");
        cli(2, "schedule", "create", "ok", pipeline.toString(), "--every=soon");
    }

    @Test
    void aRunThatTemporalNoLongerRunsIsShownAsLost() {
        platform.lineage()
                .beginPipelineRun("ghost-1", "ghost", Map.of("name", "ghost", "stages", List.of()), "no-such-run");
        String runs = String.join("\n", cli(0, "runs"));
        assertTrue(runs.matches("(?s).*ghost-1\\s+ghost\\s+lost.*"), runs);
        assertTrue(runs.contains("lost: recorded as running, but Temporal no longer runs the workflow"), runs);
        assertFalse(
                runs.matches("(?s).*nightly-\\S+\\s+nightly\\s+lost.*"), "live or finished runs are not lost: " + runs);
    }

    @Test
    void cancellingALostRunMarksItCancelledEverywhereAndAFinishedRunIsLeftAlone() {
        platform.lineage()
                .beginPipelineRun("ghost-2", "ghost", Map.of("name", "ghost", "stages", List.of()), "no-such-run");
        UUID stage = platform.lineage()
                .startStageRun(new StageRunStart(
                        "ghost-2", 0, "noop", 1, "c".repeat(64), Map.of(), List.of(), "ghost-2-noop", null));
        String cancelled = String.join("\n", cli(0, "cancel", "ghost-2"));
        assertTrue(cancelled.contains("run ghost-2 was lost") && cancelled.contains("marked cancelled"), cancelled);
        PipelineRunRecord record = platform.lineage().run("ghost-2").orElseThrow();
        assertEquals(StageStatus.CANCELLED, record.status());
        assertTrue(record.error().startsWith("lost:"), record.error());
        assertEquals(
                StageStatus.CANCELLED,
                platform.lineage().stageRun(stage).orElseThrow().status());
        String runs = String.join("\n", cli(0, "runs"));
        assertTrue(runs.matches("(?s).*ghost-2\\s+ghost\\s+cancelled.*"), runs);

        // A finished run is left as it is, in one line.
        String again = String.join("\n", cli(0, "cancel", "ghost-2"));
        assertTrue(again.matches("run ghost-2 already cancelled at \\S+; nothing to cancel"), again);
    }
}
