package dev.tempered.activities.curation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What finalizing one shard produced, stored as a small JSON artifact (kind
 * {@code curation-shard-record}) by {@code finalizeCuratedShard} and read back by the report.
 *
 * @param dedupExclusions digest of the documents dedup dropped from this shard, or null if none
 * @param piiRedactions   placeholders inserted by type ({@code email}, {@code phone}, …)
 */
public record FinalShard(
        @JsonProperty("shard_index") int shardIndex,
        @JsonProperty("text_shard_digest") String textShardDigest,
        int docs,
        @JsonProperty("text_bytes") long textBytes,
        @JsonProperty("dedup_exclusions") String dedupExclusions,
        Map<String, Object> funnel,
        @JsonProperty("pii_redactions") Map<String, Long> piiRedactions) {}
