package dev.tempered.activities.registry;

/**
 * One report-card metric compared by the promotion gate.
 *
 * @param name dotted path in the card ({@code tasks.arithmetic.accuracy}, {@code val_loss})
 * @param candidate the candidate's value; null when its card lacks the metric
 * @param production production's value
 * @param higherIsBetter accuracies and compliance rates are; losses and hallucination rates are not
 * @param worseBy how much worse the candidate is, in the metric's units; 0 or less when not worse
 * @param failed worse by more than the tolerance, or missing from the candidate's card
 */
public record GateMetric(
        String name, Double candidate, double production, boolean higherIsBetter, double worseBy, boolean failed) {

    /** One line: {@code tasks.arithmetic.accuracy 0.410 vs production 0.550 (worse by 0.140)}. */
    public String describe() {
        if (candidate == null)
            return name + " is missing from the candidate's report card (production " + fmt(production) + ")";
        return name + " " + fmt(candidate) + " vs production " + fmt(production)
                + (worseBy > 0 ? " (worse by " + fmt(worseBy) + ")" : "");
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
