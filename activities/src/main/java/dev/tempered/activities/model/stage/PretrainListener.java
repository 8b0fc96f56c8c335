package dev.tempered.activities.model.stage;

import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.training.Metric;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingListener;
import dev.tempered.activities.training.TrainingProgress;
import dev.tempered.activities.training.TrainingPulse;
import dev.tempered.activities.training.TrainingSnapshot;
import dev.tempered.storage.ArtifactPublisher;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where pretraining reports, as a Temporal activity: metrics into the lineage store, checkpoints
 * into the artifact store (linked to the stage run as they are published, so a run that diverges
 * or dies later keeps them), progress as a {@link TrainingHeartbeat}.
 */
final class PretrainListener implements TrainingListener {
    private final ActivityExecutionContext ctx;
    private final TrainingOutputs outputs;
    private final GptConfig config;

    /**
     * @param stageRunId the stage run metrics and checkpoints belong to; null when run outside a pipeline (nothing is linked)
     * @param work a directory for a checkpoint file while it is published
     */
    PretrainListener(
            ActivityExecutionContext ctx, ArtifactPublisher publisher, UUID stageRunId, GptConfig config, Path work) {
        this.ctx = ctx;
        this.outputs = new TrainingOutputs(publisher, stageRunId, work);
        this.config = config;
    }

    @Override
    public void recordMetrics(List<Metric> batch) {
        outputs.recordMetrics(batch);
    }

    @Override
    public String publishCheckpoint(TrainingSnapshot snapshot, StepResult update) {
        return outputs.publishCheckpoint(
                snapshot,
                Map.of(
                        "format",
                        Checkpoint.FORMAT + " v" + Checkpoint.VERSION,
                        "step",
                        snapshot.step(),
                        "loss",
                        update.loss(),
                        "parameters",
                        config.parameterCount()),
                "pretrain");
    }

    /** The SDK throttles heartbeats; sending one per step keeps the worker visibly alive. */
    @Override
    public void progress(TrainingPulse now, TrainingProgress lastCheckpoint) {
        ctx.heartbeat(TrainingHeartbeat.of(lastCheckpoint, now));
    }
}
