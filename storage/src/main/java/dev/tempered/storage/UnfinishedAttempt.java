package dev.tempered.storage;

import java.util.List;
import java.util.UUID;

/**
 * An earlier run of the same stage work (same cache key) that ended without a result (failed,
 * cancelled or lost) after linking checkpoints: a rerun resumes from its newest one instead of
 * step 0.
 *
 * @param stageRunId the unfinished stage run
 * @param pipelineRunId its pipeline run, named when the rerun says where it resumed from
 * @param checkpoints its {@code checkpoint_step_N} outputs in step order, oldest first
 */
public record UnfinishedAttempt(UUID stageRunId, String pipelineRunId, List<NamedDigest> checkpoints) {
    public static final String CHECKPOINT_PREFIX = "checkpoint_step_";

    public UnfinishedAttempt {
        checkpoints = List.copyOf(checkpoints);
    }

    /** The step a {@code checkpoint_step_N} output name carries. */
    public static long stepOf(NamedDigest checkpoint) {
        return Long.parseLong(checkpoint.name().substring(CHECKPOINT_PREFIX.length()));
    }
}
