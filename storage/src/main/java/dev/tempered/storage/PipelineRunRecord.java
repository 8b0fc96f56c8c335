package dev.tempered.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One pipeline submission with its stage runs in order. */
public record PipelineRunRecord(
        String id,
        String pipeline,
        StageStatus status,
        Map<String, Object> spec,
        String temporalRunId,
        Instant created,
        Instant finished,
        String error,
        List<StageRunRecord> stages) {}
