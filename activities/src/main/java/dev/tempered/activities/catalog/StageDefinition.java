package dev.tempered.activities.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage's contract: its name, its version (bumped whenever its output for the same inputs and
 * params would change, which invalidates cached results) and its parameters.
 *
 * @param clientParams parameters the submitter consumes before the run (such as local paths
 *                     that become input artifacts); they never reach the stage nor its cache key
 */
public record StageDefinition(String name, int version, String description, List<ParamSpec> params,
                              List<ParamSpec> clientParams) {

    /** Fills defaults and validates {@code raw}, naming {@code path} (e.g. {@code stages[0].params}) in errors. */
    public Map<String, Object> normalize(Map<String, Object> raw, String path) {
        Map<String, Object> given = raw == null ? Map.of() : raw;
        Map<String, ParamSpec> known = new LinkedHashMap<>();
        for (ParamSpec p : params) known.put(p.name(), p);
        for (String key : given.keySet()) {
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException(path + "." + key + ": unknown parameter of stage '" + name
                        + "'; known: " + String.join(", ", known.keySet()));
            }
        }
        Map<String, Object> normalized = new TreeMap<>();
        for (ParamSpec p : params) {
            Object value = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            normalized.put(p.name(), p.coerce(value, path + "." + p.name()));
        }
        return normalized;
    }
}
