package dev.tempered.activities.stage;

import java.time.Duration;

/**
 * A stage activity's timeouts and attempts; each stage's definition says why its values.
 *
 * @param startToClose    the longest one attempt may take; long, since the heartbeat finds dead workers
 * @param heartbeat       silence after which Temporal declares the worker dead and retries; null for none
 * @param maximumAttempts attempts before the stage fails (errors listed as non-retryable fail at once)
 */
public record StageTimeouts(Duration startToClose, Duration heartbeat, int maximumAttempts) {
    public StageTimeouts {
        if (startToClose == null || startToClose.isZero() || startToClose.isNegative()) {
            throw new IllegalArgumentException("start-to-close timeout must be positive, got " + startToClose);
        }
        if (maximumAttempts < 1)
            throw new IllegalArgumentException("maximum attempts must be at least 1, got " + maximumAttempts);
    }
}
