package dev.tempered.storage;

import java.time.Instant;
import java.util.Map;

/**
 * An artifact as the lineage store knows it.
 *
 * @param kind      {@code raw-pages}, {@code raw-pages-manifest}, {@code source-file}, … (lower-case, hyphens)
 * @param mediaType how to read the bytes, e.g. {@code application/x-ndjson+gzip}
 * @param metadata  small descriptive JSON (counts, formats); never bulk data
 */
public record ArtifactRecord(
        String digest,
        String kind,
        long size,
        String mediaType,
        String storageKey,
        Map<String, Object> metadata,
        Instant createdAt) {
    /**
     * Kinds that are a stage's working material, not a result: curation writes a part per chunk
     * and then joins them into the shards it outputs. Lists of recent artifacts leave them out
     * (there are hundreds per run); each stays reachable by its digest and by its kind.
     */
    public static final java.util.List<String> INTERNAL_KINDS = java.util.List.of("curation-part");

    public ArtifactRecord {
        Digests.require(digest);
        if (kind == null || !kind.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException(
                    "artifact kind '" + kind + "' must be lower-case letters, digits and hyphens");
        }
        metadata = metadata == null ? Map.of() : metadata;
    }

    /** A record for freshly stored bytes; the database assigns the creation time. */
    public static ArtifactRecord of(StoredObject stored, String kind, String mediaType, Map<String, Object> metadata) {
        return new ArtifactRecord(stored.digest(), kind, stored.size(), mediaType, stored.storageKey(), metadata, null);
    }
}
