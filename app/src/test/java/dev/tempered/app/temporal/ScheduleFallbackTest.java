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
import dev.tempered.storage.StageStatus;
import dev.tempered.workflows.TaskQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        String created = String.join("\n", cli(0, "schedule", "create", "nightly", pipeline.toString(), "--every=2s"));
        assertTrue(created.contains("schedule nightly created (workflow)"), created);
        String listed = String.join("\n", cli(0, "schedule", "list"));
        assertTrue(listed.matches("(?s).*nightly\\s+every 2s\\s+workflow.*"), listed);
        cli(2, "schedule", "create", "nightly", pipeline.toString(), "--every=5s");

        long deadline = System.currentTimeMillis() + 90_000;
        while (scheduledRuns().stream()
                                .filter(r -> r.status() == StageStatus.SUCCEEDED)
                                .count()
                        < 2
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        cli(0, "schedule", "delete", "nightly");
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
}
