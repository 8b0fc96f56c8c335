package dev.tempered.storage;

import java.util.List;
import java.util.Map;

/** What is known of a stage run when it is planned: identity, cache key and inputs. */
public record StageRunStart(
        String pipelineRunId,
        int position,
        String stage,
        int stageVersion,
        String cacheKey,
        Map<String, Object> params,
        List<NamedDigest> inputs,
        String workflowId,
        String temporalRunId) {
    public StageRunStart {
        Digests.require(cacheKey);
        params = params == null ? Map.of() : params;
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }
}
