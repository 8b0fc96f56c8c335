package dev.tempered.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Latency samples in milliseconds, summarised with nearest-rank percentiles (no interpolation:
 * every reported value was observed). With fewer than 100 samples p99 is the maximum.
 * Empty sample lists are the caller's to handle; there is no meaningful summary of nothing.
 */
public record Samples(int n, double mean, double p50, double p99, double min, double max) {
    public static Samples of(List<Double> millis) {
        if (millis.isEmpty()) throw new IllegalArgumentException("no samples to summarise");
        double[] sorted =
                millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Samples(
                sorted.length,
                Arrays.stream(sorted).average().orElseThrow(),
                rank(sorted, 50),
                rank(sorted, 99),
                sorted[0],
                sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
