package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.PipelineFile;
import dev.tempered.app.platform.PipelineSubmitter;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: a worker process is killed with SIGKILL in the middle of a long ingest; a new worker
 * process picks the activity up after its heartbeat times out and resumes from the last shard the
 * dead one reported, and the result is byte-identical to an undisturbed run.
 */
class WorkerKillTest {
    @TempDir
    Path root;

    @SuppressWarnings("unchecked")
    private static int shardsIn(Map<String, Object> heartbeat) {
        Map<String, Object> checkpoint = (Map<String, Object>) heartbeat.get("checkpoint");
        return checkpoint == null ? 0 : ((List<?>) checkpoint.get("shards")).size();
    }

    @Test
    void killedWorkerIsReplacedAndIngestResumesFromItsLastHeartbeat() throws Exception {
        // Four copies of the sample WARC under different names: a long ingest of real pages.
        Path sources = root.resolve("crawl");
        Files.createDirectories(sources);
        for (String name : List.of("a.warc.gz", "b.warc.gz", "c.warc.gz", "d.warc.gz")) {
            Files.copy(Path.of("..", "examples", "data", "sample.warc.gz"), sources.resolve(name));
        }
        Path pipeline = root.resolve("crawl.yaml");
        Files.writeString(
                pipeline, "name: crawl\nstages:\n  - stage: ingest\n    params: {sources: [crawl], shard_max_mb: 1}\n");

        TemperedConfig config = TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        try (Platform platform = Platform.start(config)) {
            platform.publishPlatformFile("none");
            Process first = WorkerProcesses.start(root, "worker-1", "workflows,cpu");
            Process second = null;
            try {
                String runId = PipelineSubmitter.submit(platform, PipelineFile.read(pipeline), true);
                long shardsAtKill = WorkerProcesses.awaitProgress(
                        platform, runId, "Ingest", WorkerKillTest::shardsIn, 2, Duration.ofMinutes(2));
                assertTrue(shardsAtKill >= 2, "ingest reported shards before the kill");
                WorkerProcesses.kill(first);

                second = WorkerProcesses.start(root, "worker-2", "workflows,cpu");
                platform.client().newUntypedWorkflowStub(runId).getResult(3, TimeUnit.MINUTES, Object.class);

                PipelineRunRecord run = platform.lineage().run(runId).orElseThrow();
                assertEquals(StageStatus.SUCCEEDED, run.status());
                StageRunRecord ingest = run.stages().get(0);
                int attempt = ((Number) ingest.summary().get("attempt")).intValue();
                int resumedFrom = ((Number) ingest.summary().get("resumed_from_shard")).intValue();
                int shards = ((Number) ingest.summary().get("shards")).intValue();
                assertTrue(attempt >= 2, "the activity was retried: attempt " + attempt);
                assertTrue(resumedFrom >= shardsAtKill, "resumed from shard " + resumedFrom + ", not from scratch");
                assertTrue(resumedFrom < shards, "and still had work left: " + resumedFrom + " of " + shards);
                assertEquals(4 * 899, ((Number) ingest.summary().get("pages")).intValue());

                // The same pipeline, undisturbed, gives byte-identical outputs.
                String calm = PipelineSubmitter.submit(platform, PipelineFile.read(pipeline), true);
                platform.client().newUntypedWorkflowStub(calm).getResult(3, TimeUnit.MINUTES, Object.class);
                StageRunRecord calmIngest =
                        platform.lineage().run(calm).orElseThrow().stages().get(0);
                assertEquals(1, ((Number) calmIngest.summary().get("attempt")).intValue());
                assertEquals(
                        ingest.summary().get("primary_output"),
                        calmIngest.summary().get("primary_output"));
                assertEquals(ingest.outputs(), calmIngest.outputs());
            } finally {
                first.destroyForcibly();
                if (second != null) second.destroyForcibly();
            }
        }
    }
}
