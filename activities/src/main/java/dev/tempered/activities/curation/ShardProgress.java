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
public record ShardProgress(
        int chunksDone,
        long pagesDone,
        List<String> keptParts,
        int keptDocs,
        List<String> signatureParts,
        Map<String, List<String>> exclusionParts,
        Map<String, Object> funnel) {
    /**
     * Copies the lists: the SDK serialises heartbeat details when it flushes them, which may be
     * after the activity has moved on and changed its working lists.
     */
    public ShardProgress {
        keptParts = List.copyOf(keptParts);
        signatureParts = List.copyOf(signatureParts);
        Map<String, List<String>> parts = new java.util.TreeMap<>();
        exclusionParts.forEach((k, v) -> parts.put(k, List.copyOf(v)));
        exclusionParts = java.util.Collections.unmodifiableMap(parts);
    }

    public static ShardProgress start() {
        return new ShardProgress(0, 0, List.of(), 0, List.of(), Map.of(), Map.of());
    }
}
