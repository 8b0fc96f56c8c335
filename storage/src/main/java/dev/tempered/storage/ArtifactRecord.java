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
