package dev.tempered.app.platform;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tempered.activities.stage.ClientParam;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.app.config.CallerPaths;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.StageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pipeline spec file ({@code examples/pipelines/demo.yaml}) read and checked before anything
 * runs: unknown stages, unknown or ill-typed params and bad input references are reported with
 * the file and field, e.g. {@code demo.yaml: stages[0].params.shard_max_mb: expected ...}.
 *
 * <pre>
 * name: demo
 * stages:
 *   - stage: ingest
 *     params: {sources: [../data/sample.warc.gz], shard_max_mb: 16}
 *   - stage: evaluate
 *     id: evaluate-base          # a stage that runs twice needs an id per run
 *     inputs: {model: stage:pretrain, heldout: stage:synthesize.heldout}
 * </pre>
 */
public record PipelineFile(Path file, PipelineSpec spec, Map<Integer, Map<String, Object>> clientParams) {
    /** A stage id: what {@code stage:<id>.<output>} references split at the dot, so no dot in it. */
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

    /** Reads {@code path}; a relative one is relative to the caller's directory ({@link CallerPaths}). */
    public static PipelineFile read(Path typed) {
        Path file = CallerPaths.resolve(typed);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(typed + ": pipeline file does not exist (looked for " + file + ")");
        }
        Map<String, Object> raw;
        try {
            raw = new ObjectMapper(new YAMLFactory())
                    .readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (raw == null) throw new IllegalArgumentException(file + ": empty pipeline file");
        String where = file.getFileName().toString();
        for (String key : raw.keySet()) {
            if (!Set.of("name", "stages").contains(key))
                throw new IllegalArgumentException(where + ": unknown field '" + key + "'; expected name, stages");
        }
        if (!(raw.get("name") instanceof String name) || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException(
                    where + ": name must be 1-64 letters, digits, '.', '_' or '-', got " + raw.get("name"));
        }
        if (!(raw.get("stages") instanceof List<?> stages) || stages.isEmpty()) {
            throw new IllegalArgumentException(where + ": stages must be a non-empty list");
        }
        List<StageSpec> specs = new java.util.ArrayList<>();
        Map<Integer, Map<String, Object>> clientParams = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, StageDefinition> earlier = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            String path = where + ": stages[" + i + "]";
            if (!(stages.get(i) instanceof Map<?, ?> stageMap))
                throw new IllegalArgumentException(path + ": must be a mapping");
            for (Object key : stageMap.keySet()) {
                if (!Set.of("stage", "id", "params", "inputs").contains(key)) {
                    throw new IllegalArgumentException(
                            path + ": unknown field '" + key + "'; expected stage, id, params, inputs");
                }
            }
            if (!(stageMap.get("stage") instanceof String stage))
                throw new IllegalArgumentException(path + ".stage: missing");
            StageDefinition definition = StageRegistry.get(stage, path + ".stage");
            Object rawId = stageMap.get("id");
            if (rawId != null && !(rawId instanceof String s && s.matches(ID_PATTERN))) {
                throw new IllegalArgumentException(
                        path + ".id: must be 1-64 letters, digits, '_' or '-' (no '.'), got " + rawId);
            }
            String id = (String) rawId;
            String key = id != null ? id : stage;
            if (!seen.add(key)) {
                throw new IllegalArgumentException(path + (id != null ? ".id" : ".stage") + ": '" + key
                        + "' appears twice; give each run of a stage its own id (id: " + stage + "-2)");
            }
            Map<String, Object> params = stringKeyed(stageMap.get("params"), path + ".params");
            Map<String, Object> client = new LinkedHashMap<>();
            for (ClientParam p : definition.clientParams()) {
                String param = p.spec().name();
                if (params.containsKey(param)) client.put(param, params.remove(param));
            }
            definition.normalize(params, path + ".params");
            Map<String, String> inputs = new LinkedHashMap<>();
            stringKeyed(stageMap.get("inputs"), path + ".inputs").forEach((k, v) -> {
                if (!(v instanceof String s))
                    throw new IllegalArgumentException(path + ".inputs." + k + ": must be a string");
                inputs.put(k, s);
            });
            checkInputs(definition, inputs, seen, key, path);
            StageInputKinds.check(definition, inputs, earlier, path);
            earlier.put(key, definition);
            clientParams.put(i, client);
            specs.add(new StageSpec(stage, params, inputs, id));
        }
        return new PipelineFile(file, new PipelineSpec((String) raw.get("name"), specs), clientParams);
    }

    /**
     * Input names the stage declares, and {@code stage:} references to stages before this one, so a
     * typo fails before anything runs rather than after the stages before it. Output names after
     * the dot are checked when the pipeline reaches the stage (stages do not declare them).
     */
    private static void checkInputs(
            StageDefinition definition,
            Map<String, String> inputs,
            Set<String> earlierAndThis,
            String key,
            String path) {
        Set<String> declared = new HashSet<>();
        definition.inputs().forEach(in -> declared.add(in.name()));
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            if (!declared.contains(e.getKey())) {
                throw new IllegalArgumentException(path + ".inputs." + e.getKey() + ": stage '" + definition.name()
                        + "' has no input '" + e.getKey() + "'; it takes " + new java.util.TreeSet<>(declared));
            }
            String ref = e.getValue();
            if (!ref.startsWith(StageSpec.STAGE_REF_PREFIX)) continue;
            String target = ref.substring(StageSpec.STAGE_REF_PREFIX.length());
            int dot = target.indexOf('.');
            String upstream = dot < 0 ? target : target.substring(0, dot);
            if (upstream.equals(key) || !earlierAndThis.contains(upstream)) {
                throw new IllegalArgumentException(path + ".inputs." + e.getKey() + ": '" + ref + "' refers to '"
                        + upstream + "', which is not an earlier stage id of this pipeline");
            }
        }
    }

    private static Map<String, Object> stringKeyed(Object value, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value == null) return out;
        if (!(value instanceof Map<?, ?> map)) throw new IllegalArgumentException(path + ": must be a mapping");
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
