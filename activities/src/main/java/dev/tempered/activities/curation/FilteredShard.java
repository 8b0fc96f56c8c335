package dev.tempered.activities.curation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What filtering one shard produced, stored as a small JSON artifact (kind
 * {@code curation-shard-record}) by {@code curateShard} and read back by digest by dedup,
 * finalize and the report; the workflow only ever sees its digest.
 *
 * @param keptDigest     documents that passed the filters (before dedup), text-shard format
 * @param signatureParts MinHash signature files of the kept documents, one per chunk
 * @param exclusions     step name → digest of that step's dropped documents
 * @param funnel         step name → counts ({@link Funnel#toMap()})
 */
public record FilteredShard(
        @JsonProperty("shard_index") int shardIndex,
        @JsonProperty("kept_digest") String keptDigest,
        @JsonProperty("kept_docs") int keptDocs,
        @JsonProperty("signature_parts") List<String> signatureParts,
        Map<String, String> exclusions,
        Map<String, Object> funnel) {}
