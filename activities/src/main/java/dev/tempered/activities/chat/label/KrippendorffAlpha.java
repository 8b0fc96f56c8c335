package dev.tempered.activities.chat.label;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Krippendorff's alpha for reliability data (coders × units, NaN where a coder gave no value),
 * computed as the reference {@code krippendorff} Python package does: a coincidence matrix over the
 * sorted distinct values of units with at least two values, expected coincidences from its
 * marginals, and the level's squared distance. {@code 1} is perfect agreement, {@code 0} agreement
 * at chance, below 0 systematic disagreement. The test fixture compares it with the package.
 *
 * <p>Not handled: a value domain given separately from the data (the domain is the values seen),
 * and the ratio level.
 */
public final class KrippendorffAlpha {
    public enum Level {
        NOMINAL,
        ORDINAL,
        INTERVAL
    }

    private KrippendorffAlpha() {}

    /**
     * Alpha of {@code data[coder][unit]}; NaN when fewer than two values are pairable in any unit
     * or all pairable values are equal (the expected disagreement is 0: alpha is undefined).
     */
    public static double alpha(double[][] data, Level level) {
        if (data.length == 0) return Double.NaN;
        int units = data[0].length;
        TreeSet<Double> domain = new TreeSet<>();
        for (double[] coder : data) {
            if (coder.length != units)
                throw new IllegalArgumentException("every coder needs one value per unit (" + units + ")");
            for (double v : coder) if (!Double.isNaN(v)) domain.add(v);
        }
        double[] values = domain.stream().mapToDouble(Double::doubleValue).toArray();
        int k = values.length;
        double[][] o = new double[k][k];
        for (int u = 0; u < units; u++) {
            double[] counts = new double[k];
            int m = 0;
            for (double[] coder : data) {
                if (Double.isNaN(coder[u])) continue;
                counts[Arrays.binarySearch(values, coder[u])]++;
                m++;
            }
            if (m < 2) continue;
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) continue;
                for (int d = 0; d < k; d++) {
                    double pairs = counts[c] * counts[d] - (c == d ? counts[c] : 0);
                    o[c][d] += pairs / (m - 1);
                }
            }
        }
        double[] n = new double[k];
        double total = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) n[d] += o[c][d];
        }
        for (double x : n) total += x;
        if (total <= 1) return Double.NaN;
        double observed = 0;
        double expected = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                double delta = distance(level, values, n, c, d);
                observed += o[c][d] * delta;
                double e = (n[c] * n[d] - (c == d ? n[c] : 0)) / (total - 1);
                expected += e * delta;
            }
        }
        if (expected == 0) return Double.NaN;
        return 1 - observed / expected;
    }

    private static double distance(Level level, double[] values, double[] n, int c, int d) {
        switch (level) {
            case NOMINAL:
                return c == d ? 0 : 1;
            case INTERVAL:
                double diff = values[c] - values[d];
                return diff * diff;
            case ORDINAL:
                int lo = Math.min(c, d);
                int hi = Math.max(c, d);
                double between = 0;
                for (int g = lo; g <= hi; g++) between += n[g];
                double x = between - (n[lo] + n[hi]) / 2;
                return x * x;
            default:
                throw new AssertionError(level);
        }
    }
}
