package dev.tempered.activities.ingest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validated parameters of {@code ingest} (see its catalog entry for defaults and ranges).
 *
 * @param shardMaxBytes uncompressed JSON-lines bytes at which a shard is closed
 * @param maxPageBytes  larger bodies are skipped as {@code body-over-limit}
 * @param contentTypes  media types kept
 */
public record IngestParams(long shardMaxBytes, long maxPageBytes, Set<String> contentTypes) {
    public static IngestParams from(Map<String, Object> normalized) {
        @SuppressWarnings("unchecked")
        List<String> types = (List<String>) normalized.get("content_types");
        return new IngestParams(((Number) normalized.get("shard_max_mb")).longValue() << 20,
                ((Number) normalized.get("max_page_mb")).longValue() << 20, Set.copyOf(types));
    }
}
