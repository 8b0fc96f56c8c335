package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Curation's per-chunk {@code curation-part} artifacts (hundreds a run) are left out of the recent
 * artifacts list, and stay reachable by digest, by kind and in the list that includes them.
 */
class InternalArtifactsTest {
    private static String record(LineageStore lineage, String kind) {
        byte[] bytes = (kind + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256Hex(bytes);
        lineage.recordArtifact(ArtifactRecord.of(
                new StoredObject(digest, bytes.length, ObjectKeys.forDigest(digest)),
                kind,
                "application/x-ndjson",
                Map.of()));
        return digest;
    }

    private static Set<String> digests(java.util.List<ArtifactRecord> list) {
        return list.stream().map(ArtifactRecord::digest).collect(Collectors.toSet());
    }

    @Test
    void partsAreLeftOutOfTheRecentListButStayReachable() {
        LineageStore lineage = StorageFixture.get().lineage();
        String shard = record(lineage, "text-shard");
        String part = record(lineage, "curation-part");
        String manifest = record(lineage, "text-manifest");

        assertEquals(Set.of(shard, manifest), digests(lineage.recentArtifacts(2)));
        assertEquals(Set.of(shard, part, manifest), digests(lineage.recentArtifactsIncludingInternal(3)));
        assertEquals(Set.of(part), digests(lineage.recentArtifacts("curation-part", 1)));
        assertTrue(lineage.artifact(part).isPresent(), "reachable by digest");
        assertEquals(part, lineage.resolveDigest(part.substring(0, 12)));
    }
}
