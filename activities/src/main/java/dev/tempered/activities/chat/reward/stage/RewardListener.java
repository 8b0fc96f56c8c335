package dev.tempered.activities.chat.reward.stage;

import dev.tempered.activities.chat.reward.RewardCheckpoint;
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
 * Where reward-model training reports: metrics into the lineage store (so the dashboard plots
 * accuracy and margin live), checkpoints as kind {@code reward-model} with {@code normalised: false}
 * (their scores are not yet shifted), progress as a {@link TrainingHeartbeat}.
 */
final class RewardListener implements TrainingListener {
    private final ActivityExecutionContext ctx;
    private final TrainingOutputs outputs;
    private final String tokenizer;

    RewardListener(ActivityExecutionContext ctx, TrainingOutputs outputs, String tokenizer) {
        this.ctx = ctx;
        this.outputs = outputs;
        this.tokenizer = tokenizer;
    }

    @Override
    public void recordMetrics(List<Metric> batch) {
        outputs.recordMetrics(batch);
    }

    @Override
    public String publishCheckpoint(TrainingSnapshot snapshot, StepResult update) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", RewardCheckpoint.FORMAT + " v" + RewardCheckpoint.VERSION);
        metadata.put("tokenizer", tokenizer);
        metadata.put("step", snapshot.step());
        metadata.put("loss", update.loss());
        metadata.put("normalised", false);
        return outputs.publishCheckpoint(snapshot, RewardStage.KIND, metadata, "reward");
    }

    @Override
    public void progress(TrainingPulse now, TrainingProgress lastCheckpoint) {
        ctx.heartbeat(TrainingHeartbeat.of(lastCheckpoint, now));
    }
}
