package dev.tempered.web;

import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.CacheHit;
import dev.tempered.storage.Digests;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageRunStart;
import dev.tempered.storage.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes runs, stage runs and artifacts through the real stores the way the activities do. The
 * test database is shared, so every id and every artifact's bytes are fresh.
 */
final class Seed {
    final LineageStore lineage;
    final ArtifactStore store;

    Seed(LineageStore lineage, ArtifactStore store) {
        this.lineage = lineage;
        this.store = store;
    }

    static String runId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static String freshKey() {
        return Digests.sha256Hex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Stores the bytes and records the artifact; returns its digest. */
    String artifact(String kind, String mediaType, byte[] bytes, Map<String, Object> metadata) throws IOException {
        StoredObject stored = store.put(bytes);
        lineage.recordArtifact(ArtifactRecord.of(stored, kind, mediaType, metadata));
        return stored.digest();
    }

    String textArtifact(String kind, String mediaType, String text, Map<String, Object> metadata) throws IOException {
        return artifact(kind, mediaType, (text + "\n" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), metadata);
    }

    UUID start(
            String runId,
            int position,
            String stage,
            int version,
            String key,
            Map<String, Object> params,
            List<NamedDigest> inputs) {
        return lineage.startStageRun(new StageRunStart(
                runId, position, stage, version, key, params, inputs, runId + "/" + stage, "temporal-" + stage));
    }

    UUID cached(
            String runId,
            int position,
            String stage,
            int version,
            String key,
            UUID from,
            List<NamedDigest> outputs,
            Map<String, Object> summary) {
        return lineage.recordCachedStageRun(
                new StageRunStart(runId, position, stage, version, key, Map.of(), List.of(), runId + "/" + stage, null),
                new CacheHit(from, outputs, summary));
    }
}
