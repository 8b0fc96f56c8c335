package dev.tempered.activities.lineage;

import dev.tempered.activities.ingest.SourceManifest;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage's inputs as its cache key sees them. Most inputs are content already (a digest of the
 * bytes); a source manifest is not: it names each file by the path the submitter typed
 * ({@code data/html/a.html} or {@code /home/me/data/html/a.html}), so the same bytes spelled two
 * ways would miss the cache. It stands in the key as the digest of what it lists (each file's kind
 * and content digest, in order), while lineage keeps the manifest and its paths as they were.
 */
final class ContentKeyedInputs {
    private ContentKeyedInputs() {}

    static Map<String, String> of(Map<String, String> inputs, LineageStore lineage, ArtifactStore store) {
        Map<String, String> keyed = new TreeMap<>();
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            String digest = input.getValue();
            boolean sources = lineage.artifact(digest)
                    .map(ArtifactRecord::kind)
                    .filter(SourceManifest.KIND::equals)
                    .isPresent();
            keyed.put(input.getKey(), sources ? contentOf(store, digest) : digest);
        }
        return keyed;
    }

    private static String contentOf(ArtifactStore store, String manifestDigest) {
        SourceManifest manifest;
        try {
            manifest = SourceManifest.parse(store.readAllBytes(manifestDigest), manifestDigest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read source manifest " + manifestDigest + ": " + e.getMessage(), e);
        }
        List<Map<String, Object>> files = manifest.entries().stream()
                .map(e -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("kind", e.kind().name());
                    f.put("digest", e.digest());
                    return f;
                })
                .toList();
        return Digests.sha256Hex(Json.writeBytes(Map.of("format", SourceManifest.FORMAT, "files", files)));
    }
}
