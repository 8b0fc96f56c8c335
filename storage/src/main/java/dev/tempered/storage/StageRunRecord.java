package dev.tempered.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One stage run as the dashboard and the CLI show it. {@code cached} runs reused {@code cachedFrom}'s outputs. */
public record StageRunRecord(
        UUID id,
        String pipelineRunId,
        int position,
        String stage,
        int stageVersion,
        String cacheKey,
        Map<String, Object> params,
        StageStatus status,
        boolean cached,
        UUID cachedFrom,
        String workflowId,
        String temporalRunId,
        Instant started,
        Instant finished,
        String error,
        Map<String, Object> summary,
        List<ArtifactRef> inputs,
        List<ArtifactRef> outputs) {}
