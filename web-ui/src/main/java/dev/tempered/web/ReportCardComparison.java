package dev.tempered.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Two report cards side by side ({@code a} then {@code b}, typically base model then SFT model):
 * one row per task and measure with both values and the difference {@code b − a}. Tasks present
 * in only one card still get rows, with "—" on the other side.
 */
public record ReportCardComparison(ReportCardView a, ReportCardView b, List<Row> rows) {

    /** One cell pair: {@code group} is a task name, {@code overall} or {@code held-out text}. */
    public record Row(String group, String measure, String a, String b, String delta, String deltaClass) {}

    private record Measure(
            String name, Function<ReportCardView.TaskRow, Double> value, boolean percent, Boolean higherIsBetter) {}

    private static final List<Measure> TASK_MEASURES = List.of(
            new Measure("accuracy with tool", ReportCardView.TaskRow::accuracy, true, true),
            new Measure("accuracy without tool", ReportCardView.TaskRow::accuracyWithoutTool, true, true),
            new Measure("pass@k", ReportCardView.TaskRow::passAtK, true, true),
            new Measure("format compliance", ReportCardView.TaskRow::formatCompliance, true, true),
            new Measure("tool call rate", ReportCardView.TaskRow::toolCallRate, true, null),
            new Measure("mean reply tokens", ReportCardView.TaskRow::meanReplyTokens, false, null));

    public static ReportCardComparison of(ReportCardView a, ReportCardView b) {
        Set<String> tasks = new LinkedHashSet<>();
        for (ReportCardView.TaskRow t : a.tasks()) tasks.add(t.task());
        for (ReportCardView.TaskRow t : b.tasks()) tasks.add(t.task());
        List<Row> rows = new ArrayList<>();
        for (String task : tasks) {
            ReportCardView.TaskRow ta = a.task(task);
            ReportCardView.TaskRow tb = b.task(task);
            for (Measure m : TASK_MEASURES) {
                Double va = ta == null ? null : m.value().apply(ta);
                Double vb = tb == null ? null : m.value().apply(tb);
                rows.add(
                        m.percent()
                                ? percentRow(task, m.name(), va, vb, m.higherIsBetter())
                                : numberRow(task, m.name(), va, vb, 1, m.higherIsBetter()));
            }
        }
        rows.add(percentRow(
                "overall", "format compliance", a.overallFormatCompliance(), b.overallFormatCompliance(), true));
        rows.add(numberRow(
                "overall", "mean reply tokens", a.overallMeanReplyTokens(), b.overallMeanReplyTokens(), 1, null));
        rows.add(numberRow("held-out text", "val loss", a.valLoss(), b.valLoss(), 3, false));
        rows.add(numberRow("held-out text", "bits per byte", a.bitsPerByte(), b.bitsPerByte(), 3, false));
        if (a.facts() != null || b.facts() != null) rows.addAll(factRows(a.facts(), b.facts()));
        return new ReportCardComparison(a, b, rows);
    }

    /** The hallucination-control headline: lower hallucination and over-refusal are better, higher accuracy is. */
    private static List<Row> factRows(FactsView a, FactsView b) {
        String group = FACTS_GROUP;
        return List.of(
                percentRow(
                        group,
                        "hallucination rate",
                        fact(a, FactsView::hallucinationRate),
                        fact(b, FactsView::hallucinationRate),
                        false),
                percentRow(
                        group,
                        "known-fact accuracy",
                        fact(a, FactsView::knownAccuracy),
                        fact(b, FactsView::knownAccuracy),
                        true),
                percentRow(
                        group, "over-refusal", fact(a, FactsView::overRefusal), fact(b, FactsView::overRefusal), false),
                numberRow(
                        group,
                        "fact questions",
                        count(a, FactsView::questions),
                        count(b, FactsView::questions),
                        0,
                        null));
    }

    /** The group name of the hallucination-control rows. */
    public static final String FACTS_GROUP = "hallucination control";

    private static Double fact(FactsView f, Function<FactsView, Double> value) {
        return f == null ? null : value.apply(f);
    }

    private static Double count(FactsView f, Function<FactsView, Long> value) {
        Long n = f == null ? null : value.apply(f);
        return n == null ? null : n.doubleValue();
    }

    /**
     * One mentions bucket of both cards (either side null when that card lacks it), for the
     * side-by-side breakdown: fewer wrong answers is better, more correct ones too; refusals are
     * neither (refusing an unknowable question is right, refusing a known one is not).
     */
    public record BucketPair(String mentions, FactsView.Bucket a, FactsView.Bucket b) {
        public String delta(String verdict) {
            return ReportCardFormat.percentDelta(share(a, verdict), share(b, verdict));
        }

        public String deltaClass(String verdict) {
            Boolean higherIsBetter = switch (verdict) {
                case "correct" -> true;
                case "wrong" -> false;
                default -> null;
            };
            return ReportCardFormat.deltaClass(share(a, verdict), share(b, verdict), higherIsBetter);
        }

        private static Double share(FactsView.Bucket bucket, String verdict) {
            if (bucket == null) return null;
            return switch (verdict) {
                case "correct" -> bucket.correctShare();
                case "wrong" -> bucket.wrongShare();
                case "refused" -> bucket.refusedShare();
                default -> throw new IllegalArgumentException("no verdict '" + verdict + "'");
            };
        }
    }

    /** The mentions buckets of both cards in first-seen order; empty when neither card has facts. */
    public List<BucketPair> bucketPairs() {
        Set<String> mentions = new LinkedHashSet<>();
        for (ReportCardView card : List.of(a, b)) {
            if (card.facts() == null) continue;
            for (FactsView.Bucket bucket : card.facts().byMentions()) mentions.add(bucket.mentions());
        }
        List<BucketPair> out = new ArrayList<>();
        for (String m : mentions) out.add(new BucketPair(m, bucket(a, m), bucket(b, m)));
        return out;
    }

    private static FactsView.Bucket bucket(ReportCardView card, String mentions) {
        return card.facts() == null || mentions == null ? null : card.facts().bucket(mentions);
    }

    private static Row percentRow(String group, String measure, Double a, Double b, Boolean higherIsBetter) {
        return new Row(
                group,
                measure,
                ReportCardFormat.percent(a),
                ReportCardFormat.percent(b),
                ReportCardFormat.percentDelta(a, b),
                ReportCardFormat.deltaClass(a, b, higherIsBetter));
    }

    private static Row numberRow(
            String group, String measure, Double a, Double b, int decimals, Boolean higherIsBetter) {
        return new Row(
                group,
                measure,
                ReportCardFormat.number(a, decimals),
                ReportCardFormat.number(b, decimals),
                ReportCardFormat.numberDelta(a, b, decimals),
                ReportCardFormat.deltaClass(a, b, higherIsBetter));
    }
}
