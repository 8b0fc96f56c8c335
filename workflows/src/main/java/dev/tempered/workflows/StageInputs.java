package dev.tempered.workflows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Resolves a stage's declared inputs to digests: {@code stage:<name>} refers to an earlier
 * stage's primary output, a 64-hex value is a literal digest, and no declaration means the
 * previous stage's primary output as {@code in}. Pure, so it is safe inside workflow code.
 */
public final class StageInputs {
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private StageInputs() {}

    /**
     * @param primaries primary output digest of each earlier stage by stage name, in pipeline order
     * @throws IllegalArgumentException naming the stage and input when a reference cannot be resolved
     */
    public static Map<String, String> resolve(StageSpec spec, int position, Map<String, String> primaries) {
        Map<String, String> resolved = new TreeMap<>();
        if (spec.inputs().isEmpty()) {
            if (position > 0) {
                List<String> earlier = List.copyOf(primaries.keySet());
                String previous = primaries.get(earlier.get(earlier.size() - 1));
                if (previous != null) resolved.put(StageSpec.DEFAULT_INPUT, previous);
            }
            return resolved;
        }
        for (Map.Entry<String, String> input : new TreeMap<>(spec.inputs()).entrySet()) {
            String ref = input.getValue();
            String where = "stage '" + spec.stage() + "' input '" + input.getKey() + "'";
            if (ref == null) throw new IllegalArgumentException(where + " has no value");
            if (ref.startsWith(StageSpec.STAGE_REF_PREFIX)) {
                String upstream = ref.substring(StageSpec.STAGE_REF_PREFIX.length());
                if (!primaries.containsKey(upstream)) {
                    throw new IllegalArgumentException(
                            where + " refers to '" + upstream + "', which is not an earlier stage of this pipeline");
                }
                String digest = primaries.get(upstream);
                if (digest == null)
                    throw new IllegalArgumentException(where + ": stage '" + upstream + "' has no primary output");
                resolved.put(input.getKey(), digest);
            } else if (DIGEST.matcher(ref).matches()) {
                resolved.put(input.getKey(), ref);
            } else {
                throw new IllegalArgumentException(
                        where + " is '" + ref + "'; expected stage:<earlier stage> or a sha256 digest");
            }
        }
        return resolved;
    }

    /** An empty, insertion-ordered map to collect primaries in pipeline order. */
    public static Map<String, String> newPrimaries() {
        return new LinkedHashMap<>();
    }
}
