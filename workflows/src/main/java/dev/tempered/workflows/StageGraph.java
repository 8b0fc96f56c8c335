package dev.tempered.workflows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A pipeline's stages as a graph, from the inputs its spec declares: a stage waits for every
 * earlier stage it names ({@code stage:<id>} or {@code stage:<id>.<output>}); a stage that
 * declares no inputs reads the previous stage's output and so waits for it; a literal digest
 * waits for nothing. References to a later or unknown stage add no edge: {@link StageInputs}
 * refuses them, naming the input, when the stage is about to start. Edges only ever point to
 * earlier positions, so there are no cycles. Pure, so it is safe inside workflow code.
 */
public final class StageGraph {
    private StageGraph() {}

    /** For each position, the positions it waits for. */
    public static List<Set<Integer>> upstream(List<StageSpec> specs) {
        Map<String, Integer> latestByKey = new HashMap<>();
        List<Set<Integer>> edges = new java.util.ArrayList<>();
        for (int position = 0; position < specs.size(); position++) {
            StageSpec spec = specs.get(position);
            Set<Integer> from = new TreeSet<>();
            if (spec.inputs().isEmpty()) {
                if (position > 0) from.add(position - 1);
            } else {
                for (String ref : spec.inputs().values()) {
                    if (ref == null || !ref.startsWith(StageSpec.STAGE_REF_PREFIX)) continue;
                    String target = ref.substring(StageSpec.STAGE_REF_PREFIX.length());
                    int dot = target.indexOf('.');
                    Integer at = latestByKey.get(dot < 0 ? target : target.substring(0, dot));
                    if (at != null) from.add(at);
                }
            }
            edges.add(Set.copyOf(from));
            // The latest earlier stage with an id, as StageInputs resolves a reference.
            latestByKey.put(spec.key(), position);
        }
        return List.copyOf(edges);
    }

    /** Whether every stage in {@code upstream} has a result. */
    public static boolean ready(Set<Integer> upstream, StageResult[] results) {
        for (int u : upstream) if (results[u] == null) return false;
        return true;
    }

    /**
     * The finished stages before {@code position} by id, in pipeline order: what
     * {@link StageInputs#resolve} reads. Every stage that {@code position} waits for is among
     * them, and for a stage without declared inputs the last of them is the previous stage.
     */
    public static Map<String, StageResult> finishedBefore(List<StageSpec> specs, int position, StageResult[] results) {
        Map<String, StageResult> earlier = StageInputs.newResults();
        for (int i = 0; i < position; i++)
            if (results[i] != null) earlier.put(specs.get(i).key(), results[i]);
        return earlier;
    }
}
