package dev.tempered.activities.registry;

import dev.tempered.activities.chat.eval.ReportCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The promotion gate: a candidate's report card against production's, metric by metric. A metric
 * fails when the candidate is worse than production by more than the tolerance, or when
 * production's card has it and the candidate's does not (a task dropped from the evaluation must
 * not pass silently). Cards scored on different held-out sets are refused as incomparable.
 *
 * <p>Compared, each in its own units: per task accuracy, accuracy without the calculator, pass@k
 * and format compliance, overall format compliance (higher is better); validation loss and bits
 * per byte (lower is better); the fact questions' hallucination rate and over-refusal (lower is
 * better) and known-fact accuracy (higher). Not compared: tool-call rate and reply length, which
 * are neither good nor bad in themselves, and the commonest-answer rate, a property of the data.
 */
public final class ReportCardGate {
    private final double tolerance;

    /** @param tolerance how much worse any metric may be, in its own units; 0 or more */
    public ReportCardGate(double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("gate tolerance is " + tolerance + "; give a finite number >= 0");
        }
        this.tolerance = tolerance;
    }

    public GateVerdict compare(ReportCard candidate, ReportCard production) {
        if (!Objects.equals(candidate.heldout(), production.heldout())) {
            return new GateVerdict(
                    tolerance,
                    List.of(),
                    "the candidate was evaluated on held-out set " + candidate.heldout() + " and production on "
                            + production.heldout() + "; evaluate both on the same held-out set");
        }
        Map<String, Metric> cand = metrics(candidate);
        List<GateMetric> compared = new ArrayList<>();
        for (Map.Entry<String, Metric> e : metrics(production).entrySet()) {
            Metric prod = e.getValue();
            Metric c = cand.get(e.getKey());
            if (c == null) {
                compared.add(new GateMetric(e.getKey(), null, prod.value, prod.higherIsBetter, Double.NaN, true));
                continue;
            }
            double worseBy = prod.higherIsBetter ? prod.value - c.value : c.value - prod.value;
            // A tiny epsilon: 0.55 - 0.53 is 0.020000000000000018 in doubles, and a tolerance of
            // 0.02 means exactly that much is allowed.
            boolean failed = worseBy > tolerance + 1e-12;
            compared.add(new GateMetric(e.getKey(), c.value, prod.value, prod.higherIsBetter, worseBy, failed));
        }
        return new GateVerdict(tolerance, compared, null);
    }

    /** A first version has nothing to be worse than. */
    public GateVerdict withoutProduction() {
        return new GateVerdict(tolerance, List.of(), null);
    }

    private record Metric(double value, boolean higherIsBetter) {}

    /** Every comparable metric of a card by name, sorted so that messages list them in a fixed order. */
    static Map<String, Metric> metrics(ReportCard card) {
        Map<String, Metric> m = new TreeMap<>();
        for (ReportCard.TaskScore t : card.tasks()) {
            String p = "tasks." + t.task() + ".";
            put(m, p + "accuracy", t.accuracy(), true);
            put(m, p + "accuracy_without_tool", t.accuracyWithoutTool(), true);
            put(m, p + "pass_at_k", t.passAtK(), true);
            put(m, p + "format_compliance", t.formatCompliance(), true);
        }
        if (card.overall() != null)
            put(m, "overall.format_compliance", card.overall().formatCompliance(), true);
        put(m, "val_loss", card.valLoss(), false);
        put(m, "bits_per_byte", card.bitsPerByte(), false);
        if (card.facts() != null) {
            put(m, "facts.hallucination_rate", card.facts().hallucinationRate(), false);
            put(m, "facts.known_accuracy", card.facts().knownAccuracy(), true);
            put(m, "facts.over_refusal", card.facts().overRefusal(), false);
        }
        return m;
    }

    private static void put(Map<String, Metric> m, String name, Double value, boolean higherIsBetter) {
        if (value != null && !value.isNaN()) m.put(name, new Metric(value, higherIsBetter));
    }
}
