package dev.tempered.activities.ingest;

import dev.tempered.activities.stage.StageParams;
import java.util.Map;
import java.util.Set;

/**
 * Validated parameters of {@link IngestCore}, in bytes (see {@link IngestStageParams} for the stage's).
 *
 * @param shardMaxBytes uncompressed JSON-lines bytes at which a shard is closed
 * @param maxPageBytes  larger bodies are skipped as {@code body-over-limit}
 * @param contentTypes  media types kept
 */
public record IngestParams(long shardMaxBytes, long maxPageBytes, Set<String> contentTypes) {
    /** From the stage's params (see {@link IngestStageParams} for defaults and ranges). */
    public static IngestParams from(Map<String, Object> normalized) {
        return StageParams.read(normalized, IngestStageParams.class).toCore();
    }
}
