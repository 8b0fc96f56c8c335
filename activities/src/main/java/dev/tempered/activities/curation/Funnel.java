package dev.tempered.activities.curation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The curation funnel: per step, in pipeline order, documents and bytes in and out and drops by
 * reason. Shards each keep one; they add up to the stage's, which the dashboard draws.
 */
public final class Funnel {
    private final Map<String, StepStats> steps = new LinkedHashMap<>();

    public StepStats step(String name) {
        return steps.computeIfAbsent(name, k -> new StepStats());
    }

    public Funnel add(Funnel other) {
        other.steps.forEach((name, stats) -> step(name).add(stats));
        return this;
    }

    public Map<String, StepStats> steps() {
        return steps;
    }

    /** JSON-friendly form: {@code {step: {docs_in, docs_out, bytes_in, bytes_out, drops}}} in step order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        steps.forEach((name, stats) -> m.put(name, stats.toMap()));
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Funnel fromMap(Map<String, Object> m) {
        Funnel f = new Funnel();
        if (m != null) m.forEach((name, stats) -> f.steps.put(name, StepStats.fromMap((Map<String, Object>) stats)));
        return f;
    }
}
