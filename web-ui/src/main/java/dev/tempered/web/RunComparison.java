package dev.tempered.web;

import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.MetricSeries;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Two or more runs side by side, as W&B and MLflow compare them: each metric of each stage with
 * one line per run on the same axes, the params that differ between the runs (stage by stage,
 * matched by stage id), and each run's pipeline graph with its stages' status.
 *
 * <p>Stages are matched by their id in the spec (the stage name unless the spec names it), so two
 * runs of the same pipeline file line up even when one has an extra stage. A cached stage's
 * curves are those of the run it reused.
 */
public record RunComparison(
        List<PipelineRunRecord> runs,
        List<MetricChart> charts,
        List<ParamRow> params,
        int sameParams,
        List<PipelineDag> dags) {

    /** One param of one stage whose value is not the same in every run; a run without the stage shows "—". */
    public record ParamRow(String stage, String param, List<String> values) {}

    static RunComparison of(LineageStore lineage, List<PipelineRunRecord> runs) {
        // Stage id → per run (in the order given) its stage run, or null.
        Map<String, List<StageRunRecord>> byStage = new LinkedHashMap<>();
        for (int r = 0; r < runs.size(); r++) {
            List<String> ids = stageIds(runs.get(r));
            for (StageRunRecord s : runs.get(r).stages()) {
                String id = s.position() < ids.size() ? ids.get(s.position()) : s.stage();
                List<StageRunRecord> row = byStage.computeIfAbsent(id, k -> new ArrayList<>());
                while (row.size() < runs.size()) row.add(null);
                row.set(r, s);
            }
        }
        List<UUID> sources = new ArrayList<>();
        for (List<StageRunRecord> row : byStage.values())
            for (StageRunRecord s : row) if (s != null) sources.add(source(s));
        Map<UUID, List<MetricSeries>> series = lineage.metricRepository().series(sources, MetricChart.MAX_POINTS);

        List<MetricChart> charts = new ArrayList<>();
        List<ParamRow> params = new ArrayList<>();
        int same = 0;
        for (Map.Entry<String, List<StageRunRecord>> stage : byStage.entrySet()) {
            List<StageRunRecord> row = stage.getValue();
            Set<String> metricNames = new LinkedHashSet<>();
            for (StageRunRecord s : row)
                if (s != null)
                    for (MetricSeries m : series.getOrDefault(source(s), List.of())) metricNames.add(m.name());
            for (String metric : metricNames) {
                List<MetricSeries> lines = new ArrayList<>();
                for (int r = 0; r < row.size(); r++) {
                    StageRunRecord s = row.get(r);
                    if (s == null) continue;
                    for (MetricSeries m : series.getOrDefault(source(s), List.of())) {
                        if (m.name().equals(metric))
                            lines.add(new MetricSeries(runs.get(r).id(), m.totalPoints(), m.points()));
                    }
                }
                // Only where two runs can be overlaid: one line is the run page's plot.
                if (lines.size() >= 2) {
                    charts.add(
                            MetricChart.of(stage.getKey() + "-" + metric, stage.getKey() + ": " + metric, "", lines));
                }
            }
            Set<String> keys = new TreeSet<>();
            for (StageRunRecord s : row) if (s != null) keys.addAll(s.params().keySet());
            for (String key : keys) {
                List<String> values = new ArrayList<>();
                for (StageRunRecord s : row) {
                    values.add(
                            s == null
                                    ? "—"
                                    : s.params().containsKey(key)
                                            ? Json.write(s.params().get(key))
                                            : "(unset)");
                }
                if (values.stream().distinct().count() > 1) params.add(new ParamRow(stage.getKey(), key, values));
                else same++;
            }
            if (row.stream().anyMatch(Objects::isNull) && keys.isEmpty()) {
                List<String> presence =
                        row.stream().map(s -> s == null ? "—" : "(no params)").toList();
                params.add(new ParamRow(stage.getKey(), "(stage)", presence));
            }
        }
        List<PipelineDag> dags = runs.stream().map(PipelineDag::of).toList();
        return new RunComparison(List.copyOf(runs), List.copyOf(charts), List.copyOf(params), same, dags);
    }

    private static UUID source(StageRunRecord s) {
        return s.cachedFrom() != null ? s.cachedFrom() : s.id();
    }

    /** Each position's stage id from the run's recorded spec; the stage name where the spec cannot be read. */
    private static List<String> stageIds(PipelineRunRecord run) {
        try {
            var spec = Json.MAPPER.convertValue(run.spec(), dev.tempered.workflows.PipelineSpec.class);
            return spec.stages().stream()
                    .map(dev.tempered.workflows.StageSpec::key)
                    .toList();
        } catch (IllegalArgumentException e) {
            return run.stages().stream().map(StageRunRecord::stage).toList();
        }
    }
}
