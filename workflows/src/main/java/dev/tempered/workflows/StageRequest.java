package dev.tempered.workflows;

import java.util.Map;

/**
 * What every stage activity receives: its lineage id (for metrics and progress), input digests by
 * name and its validated parameters with defaults filled. Never bulk data.
 */
public record StageRequest(String stageRunId, Map<String, String> inputs, Map<String, Object> params) {
    public StageRequest {
        inputs = inputs == null ? Map.of() : inputs;
        params = params == null ? Map.of() : params;
    }
}
