package dev.tempered.activities.model.stage;

import dev.tempered.activities.training.TrainingProgress;
import dev.tempered.activities.training.TrainingPulse;
import java.util.List;

/**
 * What every training stage (pretrain, sft, and the RL stages to come) heartbeats: where a retry
 * resumes (the last checkpoint published, null before the first, its step, and every checkpoint so
 * far in step order, so a resumed attempt still reports them all) and, for people following the run,
 * where it is now.
 *
 * @param now null in a heartbeat written before the run took a step (and in those of older versions)
 */
public record TrainingHeartbeat(long step, String checkpoint, List<String> checkpoints, TrainingPulse now) {
    public static final TrainingHeartbeat START = new TrainingHeartbeat(0, null, List.of(), null);

    public TrainingHeartbeat {
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }

    public static TrainingHeartbeat of(TrainingProgress lastCheckpoint, TrainingPulse now) {
        return new TrainingHeartbeat(
                lastCheckpoint.step(), lastCheckpoint.checkpoint(), lastCheckpoint.checkpoints(), now);
    }

    /** Where a retry of the run resumes. */
    public TrainingProgress resumePoint() {
        return new TrainingProgress(step, checkpoint, checkpoints);
    }
}
