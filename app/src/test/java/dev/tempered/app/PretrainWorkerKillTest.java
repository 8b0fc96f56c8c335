package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.PipelineFile;
import dev.tempered.app.platform.PipelineSubmitter;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.Digests;
import dev.tempered.storage.MetricPoint;
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
 * Durability of training: the worker process running {@code pretrain} is killed with SIGKILL after
 * it has heartbeated a checkpoint; a new worker process takes the retry after the heartbeat times
 * out (60 s) and continues from that checkpoint, not from step 0; every step's loss is recorded
 * exactly once, and the run ends with the same losses, to the bit, and the same checkpoint bytes as
 * an undisturbed run in another worker process.
 *
 * <p>Training in worker processes was not bit-reproducible until the attention scale stopped being
 * a scalar over freed Java memory (Gpt.scalar, docs/deploy.md "Determinism"): this test is what
 * shows it across processes, a kill and a resume.
 */
class PretrainWorkerKillTest {
    /** 600 steps of 8 × 64 tokens on a width-64 GPT: ~10 s of training on two idle cores, a checkpoint every 50 steps. */
    private static final String PIPELINE = """
            name: train
            stages:
              - stage: ingest
                params: {sources: [html]}
              - stage: curate
              - stage: train-tokenizer
                params: {vocab_size: 512}
              - stage: tokenize
                inputs: {text: "stage:curate", tokenizer: "stage:train-tokenizer"}
              - stage: pretrain
                params: {width: 64, context: 64, steps: 600, batch_size: 8, warmup_steps: 20, checkpoint_every: 50, eval_every: 100}
            """;

    private static final int PRETRAIN = 4;

    @TempDir
    Path root;

    @Test
    void killedTrainingWorkerIsReplacedAndPretrainResumesFromItsCheckpoint() throws Exception {
        Path html = root.resolve("html");
        Files.createDirectories(html);
        try (var files = Files.list(Path.of("..", "examples", "data", "html"))) {
            for (Path f : files.toList()) Files.copy(f, html.resolve(f.getFileName()));
        }
        Path pipeline = root.resolve("train.yaml");
        Files.writeString(pipeline, PIPELINE);

        TemperedConfig config = TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        try (Platform platform = Platform.start(config)) {
            platform.publishPlatformFile("none");
            long started = System.nanoTime();
            Process first = WorkerProcesses.start(root, "worker-1", "workflows,cpu,model");
            Process second = null;
            try {
                String runId = PipelineSubmitter.submit(platform, PipelineFile.read(pipeline), true);
                // The step of the newest checkpoint the heartbeat names (0 before the first).
                long checkpointStepAtKill = WorkerProcesses.awaitProgress(
                        platform,
                        runId,
                        "Pretrain",
                        beat -> beat.get("checkpoint") == null ? 0 : ((Number) beat.get("step")).longValue(),
                        1,
                        Duration.ofMinutes(3));
                assertTrue(checkpointStepAtKill > 0, "pretrain heartbeated a checkpoint before the kill");
                log(
                        started,
                        "killing worker-1 after a heartbeat with the step-" + checkpointStepAtKill + " checkpoint");
                WorkerProcesses.kill(first);

                second = WorkerProcesses.start(root, "worker-2", "workflows,cpu,model");
                platform.client().newUntypedWorkflowStub(runId).getResult(4, TimeUnit.MINUTES, Object.class);
                PipelineRunRecord run = platform.lineage().run(runId).orElseThrow();
                log(started, "killed run done: " + durations(run));
                assertEquals(StageStatus.SUCCEEDED, run.status());
                StageRunRecord pretrain = run.stages().get(PRETRAIN);
                int attempt = ((Number) pretrain.summary().get("attempt")).intValue();
                long resumedFrom = ((Number) pretrain.summary().get("resumed_from_step")).longValue();
                assertTrue(attempt >= 2, "the activity was retried: attempt " + attempt);
                // Temporal may hold a later heartbeat than the one seen here, never an earlier one.
                assertTrue(
                        resumedFrom >= checkpointStepAtKill && resumedFrom % 50 == 0 && resumedFrom < 600,
                        "resumed from step " + resumedFrom + " after a kill at checkpoint step "
                                + checkpointStepAtKill);

                // The same pipeline, undisturbed and not cached, trains to the same bytes and losses.
                String calm = PipelineSubmitter.submit(platform, PipelineFile.read(pipeline), true);
                platform.client().newUntypedWorkflowStub(calm).getResult(4, TimeUnit.MINUTES, Object.class);
                PipelineRunRecord calmRun = platform.lineage().run(calm).orElseThrow();
                log(started, "undisturbed run done: " + durations(calmRun));
                StageRunRecord calmPretrain = calmRun.stages().get(PRETRAIN);
                assertEquals(1, ((Number) calmPretrain.summary().get("attempt")).intValue());
                assertEquals(0L, ((Number) calmPretrain.summary().get("resumed_from_step")).longValue());
                assertEquals(pretrain.inputs(), calmPretrain.inputs(), "same token manifest");
                List<MetricPoint> losses = losses(platform, pretrain);
                assertEquals(600, losses.size());
                for (int i = 0; i < losses.size(); i++) {
                    assertEquals(i + 1, losses.get(i).step(), "every step recorded once, none lost to the kill");
                }
                List<MetricPoint> calmLosses = losses(platform, calmPretrain);
                for (int i = 0; i < losses.size(); i++) {
                    // assertEquals on doubles compares bits (Double.equals), not within a tolerance.
                    assertEquals(
                            calmLosses.get(i), losses.get(i), "loss at step " + (i + 1) + " as in the undisturbed run");
                }
                String finalCheckpoint = (String) pretrain.summary().get("primary_output");
                assertEquals(finalCheckpoint, Digests.sha256Hex(platform.store().readAllBytes(finalCheckpoint)));
                assertEquals(
                        calmPretrain.summary().get("primary_output"),
                        finalCheckpoint,
                        "the same final checkpoint bytes");
                assertEquals(
                        calmPretrain.outputs(), pretrain.outputs(), "the same checkpoints (names, digests, sizes)");
            } finally {
                first.destroyForcibly();
                if (second != null) second.destroyForcibly();
            }
        }
    }

    private static void log(long started, String what) {
        System.out.printf("[test %.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private static String durations(PipelineRunRecord run) {
        return run.stages().stream()
                .map(s -> s.stage() + " "
                        + (s.finished().toEpochMilli() - s.started().toEpochMilli()) / 1000.0 + " s")
                .toList()
                .toString();
    }

    /** The loss series as (step, value) pairs, without the time each point was recorded. */
    private static List<MetricPoint> losses(Platform platform, StageRunRecord stage) {
        return platform.lineage().metrics(stage.id(), 0).stream()
                .filter(m -> m.name().equals("loss"))
                .map(m -> MetricPoint.of(m.step(), m.name(), m.value()))
                .toList();
    }
}
