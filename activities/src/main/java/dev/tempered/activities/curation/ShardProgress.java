package dev.tempered.activities.curation;

import java.util.List;
import java.util.Map;

/**
 * Heartbeat of {@code curateShard}, taken after each finished chunk: everything a retry needs to
 * continue from the next page as if never interrupted (parts already in storage, counts so far).
 *
 * @param pagesDone       pages of the raw shard consumed by finished chunks
 * @param keptParts       kept-document parts (gzip members that concatenate to the shard)
 * @param exclusionParts  step → exclusion parts
 */
public record ShardProgress(int chunksDone, long pagesDone, List<String> keptParts, int keptDocs,
                            List<String> signatureParts, Map<String, List<String>> exclusionParts,
                            Map<String, Object> funnel) {
    public static ShardProgress start() {
        return new ShardProgress(0, 0, List.of(), 0, List.of(), Map.of(), Map.of());
    }
}
