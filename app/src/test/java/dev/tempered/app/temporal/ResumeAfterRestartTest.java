package dev.tempered.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.CliRunner;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.workflows.TaskQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario end to end on the embedded platform: a pipeline is stopped (the platform
 * closes, as on Ctrl-C) after pretrain linked a checkpoint, the platform starts again and records
 * the run lost, and running the same pipeline again takes every finished stage from the cache and
 * resumes pretrain from the lost run's newest checkpoint, saying so on the stage's line.
 */
class ResumeAfterRestartTest {
    @TempDir
    Path root;

    Platform platform;

    TemperedConfig config() {
        return TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
    }

    void startPlatform() {
        platform = Platform.start(config());
        platform.own(Workers.start(platform, Set.copyOf(TaskQueues.ALL)));
        platform.publishPlatformFile("none");
    }

    static Optional<StageRunRecord> pretrain(PipelineRunRecord run) {
        return run.stages().stream().filter(s -> s.stage().equals("pretrain")).findFirst();
    }

    static long newestCheckpointStep(StageRunRecord s) {
        return s.outputs().stream()
                .map(ArtifactRef::name)
                .filter(n -> n.startsWith("checkpoint_step_"))
                .mapToLong(n -> Long.parseLong(n.substring("checkpoint_step_".length())))
                .max()
                .orElse(0);
    }

    @Test
    void aRerunAfterARestartResumesPretrainFromTheLostRunsNewestCheckpoint() throws Exception {
        Path pipeline = root.resolve("tiny.yaml");
        Files.writeString(pipeline, """
                name: tiny
                stages:
                  - stage: ingest
                    params: {sources: [%s]}
                  - stage: curate
                    params: {languages: [en]}
                  - stage: train-tokenizer
                    params: {vocab_size: 512}
                  - stage: tokenize
                    inputs: {text: "stage:curate", tokenizer: "stage:train-tokenizer"}
                  - stage: pretrain
                    params: {layers: 1, heads: 2, width: 32, context: 32, batch_size: 4, steps: 400,
                             warmup_steps: 10, checkpoint_every: 20, eval_every: 200}
                """.formatted(
                        Path.of("..", "examples", "data", "html").toAbsolutePath()));
        CliRunner cli = new CliRunner(root.resolve("none.yaml"), root.resolve("data"));
        String lostRun;
        startPlatform();
        try {
            String submitted = cli.expect(0, "run", pipeline.toString(), "--detach");
            lostRun = submitted.strip().substring("run ".length());
            // Stop the platform once pretrain has linked a checkpoint, as a person presses Ctrl-C.
            boolean checkpointed = false;
            for (int i = 0; i < 3000 && !checkpointed; i++) {
                Thread.sleep(100);
                checkpointed = platform.lineage()
                        .run(lostRun)
                        .flatMap(ResumeAfterRestartTest::pretrain)
                        .filter(s -> s.status() == StageStatus.RUNNING && newestCheckpointStep(s) > 0)
                        .isPresent();
            }
            assertTrue(checkpointed, "pretrain linked a checkpoint while running");
        } finally {
            platform.close();
        }

        startPlatform();
        try {
            PipelineRunRecord lost = platform.lineage().run(lostRun).orElseThrow();
            assertEquals(StageStatus.LOST, lost.status());
            StageRunRecord lostPretrain = pretrain(lost).orElseThrow();
            assertEquals(StageStatus.LOST, lostPretrain.status());
            long step = newestCheckpointStep(lostPretrain);
            assertTrue(step > 0 && step < 400, "lost at step " + step);

            String out = cli.expect(0, "run", pipeline.toString());
            assertTrue(out.matches("(?s).*ingest\\s+cached.*"), out);
            assertTrue(
                    out.matches("(?s).*pretrain\\s+succeeded \\([0-9.]+ s\\) — resumed from step " + step + " of run "
                            + lostRun + ".*"),
                    out);
            PipelineRunRecord rerun = platform.lineage().recentRuns(1).get(0);
            StageRunRecord resumed = pretrain(rerun).orElseThrow();
            assertEquals(step, ((Number) resumed.summary().get("resumed_from_step")).longValue());
            assertEquals(
                    "resumed from step " + step + " of run " + lostRun,
                    resumed.summary().get("resumed"));
            // Every checkpoint, the inherited ones too, is an output of the rerun (20, 40, ..., 380 and the final one).
            assertEquals(
                    19,
                    resumed.outputs().stream()
                            .filter(o -> o.name().startsWith("checkpoint_step_"))
                            .count(),
                    resumed.outputs().toString());
            assertEquals(380, newestCheckpointStep(resumed));
        } finally {
            platform.close();
        }
    }
}
