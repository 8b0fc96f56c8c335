package dev.tempered.activities.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the promotion gate decided: every metric it compared, and those that failed.
 *
 * @param reason set when the cards cannot be compared at all (different held-out sets)
 */
public record GateVerdict(double tolerance, List<GateMetric> metrics, String reason) {
    public GateVerdict {
        metrics = List.copyOf(metrics);
    }

    public List<GateMetric> failing() {
        return metrics.stream().filter(GateMetric::failed).toList();
    }

    public boolean passed() {
        return reason == null && failing().isEmpty();
    }

    /** The line the CLI, the dashboard and the workflow result show: the failing metrics first. */
    public String message() {
        if (reason != null) return "refused: " + reason;
        List<GateMetric> failing = failing();
        if (metrics.isEmpty()) return "passed: there is no production version to compare with";
        if (failing.isEmpty()) {
            return "passed: no metric of " + metrics.size() + " is worse than production's by more than "
                    + GateMetric.fmt(tolerance);
        }
        StringBuilder s = new StringBuilder("refused: ");
        for (int i = 0; i < failing.size(); i++) {
            if (i > 0) s.append("; ");
            s.append(failing.get(i).describe());
        }
        return s.append(" (tolerance ")
                .append(GateMetric.fmt(tolerance))
                .append(')')
                .toString();
    }

    /** As stored in the promotion's {@code gate} column and shown on the Models page. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", passed());
        m.put("tolerance", tolerance);
        m.put("message", message());
        if (reason != null) m.put("reason", reason);
        m.put("failing", failing().stream().map(GateMetric::name).toList());
        m.put(
                "metrics",
                metrics.stream()
                        .map(g -> {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("name", g.name());
                            row.put("candidate", g.candidate());
                            row.put("production", g.production());
                            row.put("higher_is_better", g.higherIsBetter());
                            row.put("failed", g.failed());
                            return row;
                        })
                        .toList());
        return m;
    }
}
