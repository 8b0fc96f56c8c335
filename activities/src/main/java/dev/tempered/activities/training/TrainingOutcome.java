package dev.tempered.activities.training;

import java.util.Map;

/**
 * How a {@link TrainingLoop#run} ended, for the stage's summary.
 *
 * @param resumedFrom the step the run started from (0 when fresh)
 * @param lastStep the last update of this attempt, null when it had no step left to take (a retry
 *     that resumed from the final checkpoint)
 * @param lastEvaluation the last evaluation's metrics, empty when there was none
 * @param progress the last published checkpoint and all checkpoints in step order, earlier attempts' included
 * @param tokens tokens trained on in this attempt
 * @param stepNanos wall time of this attempt's steps, without evaluation and checkpoints
 * @param stopReason why the task ended the run early ({@link TrainingTask#stopReason}); null when it ran to the end
 */
public record TrainingOutcome(
        long resumedFrom,
        StepResult lastStep,
        Map<String, Double> lastEvaluation,
        TrainingProgress progress,
        long tokens,
        long stepNanos,
        String stopReason) {
    public TrainingOutcome {
        lastEvaluation = Map.copyOf(lastEvaluation);
    }

    /** Training throughput of this attempt, null when it took no step or counted no tokens. */
    public Long tokensPerSecond() {
        return stepNanos == 0 || tokens == 0 ? null : Math.round(tokens / (stepNanos / 1e9));
    }
}
