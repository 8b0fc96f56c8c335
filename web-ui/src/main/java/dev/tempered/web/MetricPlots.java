package dev.tempered.web;

import dev.tempered.storage.MetricSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The metric plots of one stage run. Known series are grouped the way one reads a training run —
 * loss with validation loss on one chart, then learning rate, gradient norm and throughput (the
 * names {@code pretrain} writes) — and every other series gets a chart of its own, by name.
 *
 * @param stageRunId the stage run the page shows (for a cached stage, the points come from the run it reused)
 */
public record MetricPlots(UUID stageRunId, String stage, List<MetricChart> charts) {
    /** Chart key → its title, unit and series, in display order. */
    private record Group(String title, String unit, List<String> series) {}

    private static final Map<String, Group> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("loss", new Group("Loss", "nats per token", List.of("loss", "val_loss")));
        GROUPS.put("lr", new Group("Learning rate", "", List.of("lr")));
        GROUPS.put("grad_norm", new Group("Gradient norm", "before clipping", List.of("grad_norm")));
        GROUPS.put("tokens_per_s", new Group("Throughput", "tokens per second", List.of("tokens_per_s")));
    }

    /** Plots of these series (by name, each in step order, as the lineage store returns them), or null if there are none. */
    static MetricPlots of(UUID stageRunId, String stage, List<MetricSeries> series) {
        if (series.isEmpty()) return null;
        Map<String, MetricSeries> byName = new LinkedHashMap<>();
        for (MetricSeries s : series) byName.put(s.name(), s);
        List<MetricChart> charts = new ArrayList<>();
        for (Map.Entry<String, Group> g : GROUPS.entrySet()) {
            List<MetricSeries> lines = new ArrayList<>();
            for (String name : g.getValue().series()) {
                MetricSeries s = byName.remove(name);
                if (s != null) lines.add(s);
            }
            if (!lines.isEmpty())
                charts.add(MetricChart.of(
                        g.getKey(), g.getValue().title(), g.getValue().unit(), lines));
        }
        for (Map.Entry<String, MetricSeries> rest : byName.entrySet()) {
            charts.add(MetricChart.of(rest.getKey(), rest.getKey(), "", List.of(rest.getValue())));
        }
        return new MetricPlots(stageRunId, stage, List.copyOf(charts));
    }
}
