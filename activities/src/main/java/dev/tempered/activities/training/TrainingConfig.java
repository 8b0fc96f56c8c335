package dev.tempered.activities.training;

/**
 * When {@link TrainingLoop} evaluates, checkpoints and stores metrics. Every field counts
 * optimizer updates (steps); the last step always evaluates, checkpoints and stores metrics
 * whatever the cadence.
 *
 * @param steps updates to reach, counted from 0 for a fresh run (a resumed run continues to the same number), ≥ 1
 * @param evalEvery evaluate after every this many steps, ≥ 1
 * @param checkpointEvery snapshot and publish a checkpoint after every this many steps, ≥ 1; each one is also a
 *     resume point, so it bounds the work a retry repeats
 * @param metricsEvery hand metrics to the listener in batches of this many steps, ≥ 1 (default
 *     {@value #DEFAULT_METRICS_EVERY}): one store transaction per batch instead of one per step
 */
public record TrainingConfig(long steps, int evalEvery, int checkpointEvery, int metricsEvery) {
    /** Ten steps of four or five values each: a few dozen rows per transaction, and the charts lag by ten steps at most. */
    public static final int DEFAULT_METRICS_EVERY = 10;

    public TrainingConfig {
        requirePositive("steps", steps);
        requirePositive("eval_every", evalEvery);
        requirePositive("checkpoint_every", checkpointEvery);
        requirePositive("metrics_every", metricsEvery);
    }

    /** With metrics stored every {@value #DEFAULT_METRICS_EVERY} steps. */
    public static TrainingConfig of(long steps, int evalEvery, int checkpointEvery) {
        return new TrainingConfig(steps, evalEvery, checkpointEvery, DEFAULT_METRICS_EVERY);
    }

    boolean evaluatesAt(long step) {
        return step % evalEvery == 0 || step == steps;
    }

    boolean checkpointsAt(long step) {
        return step % checkpointEvery == 0 || step == steps;
    }

    boolean flushesMetricsAt(long step) {
        return step % metricsEvery == 0 || step == steps;
    }

    private static void requirePositive(String field, long value) {
        if (value < 1) throw new IllegalArgumentException("training " + field + " must be ≥ 1, got " + value);
    }
}
