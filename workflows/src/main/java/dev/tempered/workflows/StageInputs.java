package dev.tempered.workflows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resolves a stage's declared inputs to digests: {@code stage:<id>} refers to an earlier stage's
 * primary output, {@code stage:<id>.<output>} to one of its named outputs, a 64-hex value is a
 * literal digest, and no declaration means the previous stage's primary output as {@code in}.
 * Pure, so it is safe inside workflow code.
 */
public final class StageInputs {
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private StageInputs() {}

    /**
     * @param earlier the result of each earlier stage by its id ({@link StageSpec#key()}), in pipeline order
     * @throws IllegalArgumentException naming the stage and input when a reference cannot be resolved
     */
    public static Map<String, String> resolve(StageSpec spec, int position, Map<String, StageResult> earlier) {
        Map<String, String> resolved = new TreeMap<>();
        if (spec.inputs().isEmpty()) {
            if (position > 0 && !earlier.isEmpty()) {
                List<String> ids = List.copyOf(earlier.keySet());
                String previous = earlier.get(ids.get(ids.size() - 1)).primary();
                if (previous != null) resolved.put(StageSpec.DEFAULT_INPUT, previous);
            }
            return resolved;
        }
        for (Map.Entry<String, String> input : new TreeMap<>(spec.inputs()).entrySet()) {
            String ref = input.getValue();
            String where = "stage '" + spec.key() + "' input '" + input.getKey() + "'";
            if (ref == null) throw new IllegalArgumentException(where + " has no value");
            if (ref.startsWith(StageSpec.STAGE_REF_PREFIX)) {
                resolved.put(
                        input.getKey(), fromStage(ref.substring(StageSpec.STAGE_REF_PREFIX.length()), where, earlier));
            } else if (DIGEST.matcher(ref).matches()) {
                resolved.put(input.getKey(), ref);
            } else {
                throw new IllegalArgumentException(where + " is '" + ref
                        + "'; expected stage:<earlier stage>, stage:<earlier stage>.<output> or a sha256 digest");
            }
        }
        return resolved;
    }

    private static String fromStage(String target, String where, Map<String, StageResult> earlier) {
        int dot = target.indexOf('.');
        String upstream = dot < 0 ? target : target.substring(0, dot);
        StageResult result = earlier.get(upstream);
        if (result == null) {
            throw new IllegalArgumentException(
                    where + " refers to '" + upstream + "', which is not an earlier stage of this pipeline");
        }
        if (dot < 0) {
            if (result.primary() == null)
                throw new IllegalArgumentException(where + ": stage '" + upstream + "' has no primary output");
            return result.primary();
        }
        String output = target.substring(dot + 1);
        for (OutputRef o : result.outputs()) if (o.name().equals(output)) return o.digest();
        throw new IllegalArgumentException(where + ": stage '" + upstream + "' has no output '" + output + "'; it has "
                + result.outputs().stream().map(OutputRef::name).toList());
    }

    /** An empty, insertion-ordered map to collect results in pipeline order. */
    public static Map<String, StageResult> newResults() {
        return new LinkedHashMap<>();
    }
}
