package dev.tempered.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a metric chart: a range widened to "nice" bounds (1, 2 or 5 × 10^k steps, about
 * {@link #TARGET_TICKS} of them) and its tick labels, formatted with as many decimals as the step
 * needs, or in short scientific notation ({@code 3e-4}) for very small or large values such as
 * learning rates.
 */
record ChartAxis(double min, double max, List<Double> ticks, double step, boolean log) {
    static final int TARGET_TICKS = 5;

    ChartAxis(double min, double max, List<Double> ticks, double step) {
        this(min, max, ticks, step, false);
    }

    /**
     * A logarithmic axis over positive values, from the power of ten at or below {@code lo} to the
     * one at or above {@code hi}: ticks at the powers of ten when it spans several, else at 1, 2 and
     * 5 times them (a loss falling from 9 to 2 still gets ticks to read).
     */
    static ChartAxis logOf(double lo, double hi) {
        if (!(lo > 0) || hi < lo) throw new IllegalArgumentException("a log axis needs positive values, got " + lo);
        double min = Math.pow(10, Math.floor(Math.log10(lo)));
        double max = Math.pow(10, Math.ceil(Math.log10(hi)));
        if (max <= min) max = min * 10;
        List<Double> ticks = new ArrayList<>();
        boolean decadesOnly = Math.log10(max / min) > 2;
        for (double decade = min; decade <= max * (1 + 1e-9); decade *= 10) {
            for (double m : decadesOnly ? new double[] {1} : new double[] {1, 2, 5}) {
                double t = decade * m;
                if (t <= max * (1 + 1e-9)) ticks.add(t);
            }
        }
        return new ChartAxis(min, max, List.copyOf(ticks), 0, true);
    }

    static ChartAxis of(double lo, double hi, boolean includeZero) {
        if (includeZero) {
            lo = Math.min(lo, 0);
            hi = Math.max(hi, 0);
        }
        if (hi <= lo) {
            // One value (or a flat line): give it room so it sits mid-chart instead of on the frame.
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / TARGET_TICKS);
        double min = Math.floor(lo / step) * step;
        double max = Math.ceil(hi / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; min + i * step <= max + step * 1e-9; i++) ticks.add(min + i * step);
        return new ChartAxis(min, max, List.copyOf(ticks), step);
    }

    /** Position of {@code v} as a fraction of the axis, 0 at min and 1 at max. */
    double fraction(double v) {
        if (log) return Math.log(Math.max(v, min * 1e-3) / min) / Math.log(max / min);
        return max == min ? 0.5 : (v - min) / (max - min);
    }

    String label(double v) {
        return log ? readout(v) : format(v, step);
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** A value read off the chart's caption: four significant digits, {@code 3.912}, {@code 3588}, {@code 0.003}. */
    static String readout(double v) {
        double a = Math.abs(v);
        if (a == 0) return "0";
        if (a < 1e-3 || a >= 1e6) return format(v, a / 1000);
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** {@code v} with the decimals {@code step} needs: 0.25 → "0.25", 1500 → "1500", 0.003 → "3e-3". */
    static String format(double v, double step) {
        if (Math.abs(v) < step * 1e-6) return "0";
        double a = Math.abs(v);
        if (step < 0.01 || a >= 1e6) {
            String s = String.format(Locale.ROOT, "%.2e", v);
            String mantissa = s.substring(0, s.indexOf('e')).replaceAll("\\.?0+$", "");
            int exponent = Integer.parseInt(s.substring(s.indexOf('e') + 1));
            return mantissa + "e" + exponent;
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
