package dev.tempered.web;

import java.util.Locale;

/**
 * How report card numbers read: rates as percentages with one decimal, losses with three, token
 * counts with one; a null (not measured) is "—". A difference carries its sign and a CSS class
 * saying whether it is an improvement for that measure.
 */
public final class ReportCardFormat {
    public static final String NONE = "—";

    private ReportCardFormat() {}

    public static String percent(Double rate) {
        return rate == null ? NONE : String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }

    public static String number(Double v, int decimals) {
        return v == null ? NONE : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public static String integer(Long v) {
        return v == null ? NONE : Long.toString(v);
    }

    public static String yesNo(Boolean v) {
        return v == null ? NONE : v ? "yes" : "no";
    }

    /** {@code b − a} in percentage points ("+58.0 pp"), or "—" when either side is missing. */
    public static String percentDelta(Double a, Double b) {
        return a == null || b == null ? NONE : String.format(Locale.ROOT, "%+.1f pp", (b - a) * 100);
    }

    /** {@code b − a} with the given decimals ("-0.412"), or "—" when either side is missing. */
    public static String numberDelta(Double a, Double b, int decimals) {
        return a == null || b == null ? NONE : String.format(Locale.ROOT, "%+." + decimals + "f", b - a);
    }

    /**
     * {@code delta-up} when b improves on a for this measure, {@code delta-down} when it is worse,
     * empty when equal, unknown or neither direction is better.
     *
     * @param higherIsBetter true for accuracies and compliance, false for losses, null when neutral
     */
    public static String deltaClass(Double a, Double b, Boolean higherIsBetter) {
        if (a == null || b == null || higherIsBetter == null || a.equals(b)) return "";
        return (b > a) == higherIsBetter ? "delta-up" : "delta-down";
    }
}
