package dev.tempered.activities.stage;

import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cache key of a stage run: sha256 of the canonical JSON of (stage, version, params, inputs by
 * name). Same key ⇒ same outputs, so an earlier successful run can stand in for this one.
 */
public final class CacheKeys {
    private CacheKeys() {}

    public static String of(String stage, int version, Map<String, Object> params, Map<String, String> inputs) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("stage", stage);
        key.put("version", version);
        key.put("params", new TreeMap<>(params));
        key.put("inputs", new TreeMap<>(inputs));
        return Digests.sha256Hex(Json.write(key).getBytes(StandardCharsets.UTF_8));
    }
}
