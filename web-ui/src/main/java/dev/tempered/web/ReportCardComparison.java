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
        return new ReportCardComparison(a, b, rows);
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
