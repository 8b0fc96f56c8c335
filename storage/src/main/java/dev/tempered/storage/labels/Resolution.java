package dev.tempered.storage.labels;

import java.time.Instant;
import java.util.UUID;

/**
 * A reviewer's verdict on two responses of a task that labelers ordered oppositely.
 *
 * @param a the lower response position of the pair
 * @param b the higher one
 * @param winner {@code a} or {@code b} when the reviewer picked the better response; null for "tie or unclear"
 */
public record Resolution(UUID taskId, int a, int b, Integer winner, String reviewer, String note, Instant at) {
    public Resolution {
        if (a >= b)
            throw new IllegalArgumentException("a resolution's pair is (a, b) with a < b, not (" + a + ", " + b + ")");
        if (winner != null && winner != a && winner != b) {
            throw new IllegalArgumentException("winner " + winner + " is neither response " + a + " nor " + b);
        }
    }

    /** Whether this resolves the pair {@code (x, y)} in either order. */
    public boolean covers(UUID task, int x, int y) {
        return taskId.equals(task) && Math.min(x, y) == a && Math.max(x, y) == b;
    }
}
