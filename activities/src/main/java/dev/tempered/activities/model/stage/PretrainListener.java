package dev.tempered.activities.model.stage;

import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl.PretrainProgress;
import dev.tempered.activities.training.Metric;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingListener;
import dev.tempered.activities.training.TrainingProgress;
import dev.tempered.activities.training.TrainingSnapshot;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.NamedDigest;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where pretraining reports, as a Temporal activity: metrics into the lineage store, checkpoints
 * into the artifact store (linked to the stage run as they are published, so a run that diverges
 * or dies later keeps them), progress as a {@link PretrainProgress} heartbeat.
 */
final class PretrainListener implements TrainingListener {
    private final ActivityExecutionContext ctx;
    private final ArtifactPublisher publisher;
    private final UUID stageRunId;
    private final GptConfig config;
    private final Path work;

    /**
     * @param stageRunId the stage run metrics and checkpoints belong to; null when run outside a pipeline (nothing is linked)
     * @param work a directory for a checkpoint file while it is published
     */
    PretrainListener(
            ActivityExecutionContext ctx, ArtifactPublisher publisher, UUID stageRunId, GptConfig config, Path work) {
        this.ctx = ctx;
        this.publisher = publisher;
        this.stageRunId = stageRunId;
        this.config = config;
        this.work = work;
    }

    @Override
    public void recordMetrics(List<Metric> batch) {
        if (stageRunId == null) return;
        publisher
                .lineage()
                .recordMetrics(
                        stageRunId,
                        batch.stream()
                                .map(m -> MetricPoint.of(m.step(), m.name(), m.value()))
                                .toList());
    }

    @Override
    public String publishCheckpoint(TrainingSnapshot snapshot, StepResult update) {
        long step = snapshot.step();
        Path file = work.resolve("step-" + step + ".ckpt");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                snapshot.write(out);
            }
            ArtifactRecord ckpt = publisher.publish(
                    file,
                    PretrainActivitiesImpl.CHECKPOINT_KIND,
                    "application/octet-stream",
                    Map.of(
                            "format",
                            Checkpoint.FORMAT + " v" + Checkpoint.VERSION,
                            "step",
                            step,
                            "loss",
                            update.loss(),
                            "parameters",
                            config.parameterCount()));
            Files.deleteIfExists(file);
            if (stageRunId != null)
                publisher
                        .lineage()
                        .addStageOutputs(
                                stageRunId, List.of(new NamedDigest("checkpoint_step_" + step, ckpt.digest())));
            return ckpt.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing the step-" + step + " checkpoint to " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** The SDK throttles heartbeats; sending one per step keeps the worker visibly alive. */
    @Override
    public void progress(long step, TrainingProgress lastCheckpoint) {
        ctx.heartbeat(
                new PretrainProgress(lastCheckpoint.step(), lastCheckpoint.checkpoint(), lastCheckpoint.checkpoints()));
    }
}
