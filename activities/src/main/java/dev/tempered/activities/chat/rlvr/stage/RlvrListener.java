package dev.tempered.activities.chat.rlvr.stage;

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
import io.temporal.activity.ActivityExecutionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where RLVR reports: metrics into the lineage store (reward mean/std, pass@1, response length live
 * on the dashboard), chat checkpoints as kind {@code checkpoint} with {@code kind: chat} and
 * {@code trained_by: rlvr}, progress as a {@link TrainingHeartbeat}.
 */
final class RlvrListener implements TrainingListener {
    private final ActivityExecutionContext ctx;
    private final TrainingOutputs outputs;
    private final ModelOrigin origin;

    RlvrListener(ActivityExecutionContext ctx, TrainingOutputs outputs, ModelOrigin origin) {
        this.ctx = ctx;
        this.outputs = outputs;
        this.origin = origin;
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
        metadata.put("trained_by", "rlvr");
        metadata.put("reward_mean", update.metrics().get("reward_mean"));
        return outputs.publishCheckpoint(snapshot, metadata, "RLVR");
    }

    @Override
    public void progress(TrainingPulse now, TrainingProgress lastCheckpoint) {
        ctx.heartbeat(TrainingHeartbeat.of(lastCheckpoint, now));
    }
}
