package dev.tempered.activities.chat.sft.stage;

import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where SFT reports, as a Temporal activity: metrics into the lineage store, chat checkpoints into
 * the artifact store as kind {@code checkpoint} with metadata {@code kind: chat}, {@code tokenizer},
 * {@code render_version}, {@code step} and {@code loss} (linked to the stage run as they are
 * published, so a run that dies later keeps them), progress as an {@link SftProgress} heartbeat.
 */
final class SftListener implements TrainingListener {
    private final ActivityExecutionContext ctx;
    private final ArtifactPublisher publisher;
    private final UUID stageRunId;
    private final ModelOrigin origin;
    private final long parameters;
    private final Path work;

    /**
     * @param stageRunId the stage run metrics and checkpoints belong to; null outside a pipeline (nothing is linked)
     * @param work a directory for a checkpoint file while it is published
     */
    SftListener(
            ActivityExecutionContext ctx,
            ArtifactPublisher publisher,
            UUID stageRunId,
            ModelOrigin origin,
            long parameters,
            Path work) {
        this.ctx = ctx;
        this.publisher = publisher;
        this.stageRunId = stageRunId;
        this.origin = origin;
        this.parameters = parameters;
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
        Path file = work.resolve("sft-step-" + step + ".ckpt");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                snapshot.write(out);
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("format", Checkpoint.FORMAT + " v" + Checkpoint.VERSION);
            metadata.put("kind", origin.kind());
            metadata.put("tokenizer", origin.tokenizer());
            metadata.put("render_version", origin.renderVersion());
            metadata.put("step", step);
            metadata.put("loss", update.loss());
            metadata.put("parameters", parameters);
            ArtifactRecord ckpt = publisher.publish(
                    file, PretrainActivitiesImpl.CHECKPOINT_KIND, "application/octet-stream", metadata);
            Files.deleteIfExists(file);
            if (stageRunId != null)
                publisher
                        .lineage()
                        .addStageOutputs(
                                stageRunId, List.of(new NamedDigest("checkpoint_step_" + step, ckpt.digest())));
            return ckpt.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing the SFT step-" + step + " checkpoint to " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** The SDK throttles heartbeats; sending one per step keeps the worker visibly alive. */
    @Override
    public void progress(long step, TrainingProgress lastCheckpoint) {
        ctx.heartbeat(
                new SftProgress(lastCheckpoint.step(), lastCheckpoint.checkpoint(), lastCheckpoint.checkpoints()));
    }
}
