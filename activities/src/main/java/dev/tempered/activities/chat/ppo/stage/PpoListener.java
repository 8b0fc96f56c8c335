package dev.tempered.activities.chat.ppo.stage;

import dev.tempered.activities.chat.ppo.PpoCheckpoint;
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
 * Where PPO reports: metrics into the lineage store (score, KL, entropy, clip fractions, value loss
 * live on the dashboard), states as kind {@code ppo-state}, progress as a {@link TrainingHeartbeat}.
 */
final class PpoListener implements TrainingListener {
    private final ActivityExecutionContext ctx;
    private final TrainingOutputs outputs;

    PpoListener(ActivityExecutionContext ctx, TrainingOutputs outputs) {
        this.ctx = ctx;
        this.outputs = outputs;
    }

    @Override
    public void recordMetrics(List<Metric> batch) {
        outputs.recordMetrics(batch);
    }

    @Override
    public String publishCheckpoint(TrainingSnapshot snapshot, StepResult update) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", PpoCheckpoint.FORMAT + " v" + PpoCheckpoint.VERSION);
        metadata.put("step", snapshot.step());
        metadata.put("score", update.metrics().get("score"));
        metadata.put("kl", update.metrics().get("kl"));
        return outputs.publishCheckpoint(snapshot, PpoStage.STATE_KIND, metadata, "ppo");
    }

    @Override
    public void progress(TrainingPulse now, TrainingProgress lastCheckpoint) {
        ctx.heartbeat(TrainingHeartbeat.of(lastCheckpoint, now));
    }
}
