package dev.tempered.activities.training;

import java.util.List;

/**
 * Where a run can resume: the step of the last published checkpoint and its id (null before the
 * first), plus every checkpoint id so far in step order, so a resumed attempt still reports them all.
 */
public record TrainingProgress(long step, String checkpoint, List<String> checkpoints) {
    public static final TrainingProgress START = new TrainingProgress(0, null, List.of());

    public TrainingProgress {
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }

    TrainingProgress withCheckpoint(long atStep, String id) {
        List<String> all = new java.util.ArrayList<>(checkpoints);
        all.add(id);
        return new TrainingProgress(atStep, id, all);
    }
}
