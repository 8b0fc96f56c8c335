package dev.tempered.activities.chat.sft.stage;

import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.stage.TrainingHeartbeat;
import dev.tempered.activities.model.stage.TrainingOutputs;
import dev.tempered.activities.training.Metric;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingListener;
import dev.tempered.activities.training.TrainingProgress;
import dev.tempered.activities.training.TrainingPulse;
import dev.tempered.activities.training.TrainingSnapshot;
import dev.tempered.storage.ArtifactPublisher;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where SFT reports, as a Temporal activity: metrics into the lineage store, chat checkpoints into
 * the artifact store as kind {@code checkpoint} with metadata {@code kind: chat}, {@code tokenizer},
 * {@code render_version}, {@code step} and {@code loss} (linked to the stage run as they are
 * published, so a run that dies later keeps them), progress as a {@link TrainingHeartbeat}.
 */
final class SftListener implements TrainingListener {
    private final ActivityExecutionContext ctx;
    private final TrainingOutputs outputs;
    private final ModelOrigin origin;
    private final long parameters;

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
        this.outputs = new TrainingOutputs(publisher, stageRunId, work);
        this.origin = origin;
        this.parameters = parameters;
    }

    @Override
    public void recordMetrics(List<Metric> batch) {
        outputs.recordMetrics(batch);
    }

    @Override
    public String publishCheckpoint(TrainingSnapshot snapshot, StepResult update) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", Checkpoint.FORMAT + " v" + Checkpoint.VERSION);
        metadata.put("kind", origin.kind());
        metadata.put("tokenizer", origin.tokenizer());
        metadata.put("render_version", origin.renderVersion());
        metadata.put("step", snapshot.step());
        metadata.put("loss", update.loss());
        metadata.put("parameters", parameters);
        return outputs.publishCheckpoint(snapshot, metadata, "SFT");
    }

    /** The SDK throttles heartbeats; sending one per step keeps the worker visibly alive. */
    @Override
    public void progress(TrainingPulse now, TrainingProgress lastCheckpoint) {
        ctx.heartbeat(TrainingHeartbeat.of(lastCheckpoint, now));
    }
}
