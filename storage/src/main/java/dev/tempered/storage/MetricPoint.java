package dev.tempered.storage;

import java.time.Instant;

/** One value of one named series at one step of a stage run (loss at step 120, pages after shard 3). */
public record MetricPoint(long step, String name, double value, Instant recordedAt) {
    public MetricPoint {
        if (name == null || !name.matches("[a-z][a-z0-9_./-]{0,63}")) {
            throw new IllegalArgumentException(
                    "metric name '" + name + "' must be lower-case letters, digits, '_', '.', '/' or '-'");
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "metric " + name + " at step " + step + " is " + value + "; only finite values are stored");
        }
    }

    public static MetricPoint of(long step, String name, double value) {
        return new MetricPoint(step, name, value, null);
    }
}
