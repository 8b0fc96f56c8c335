package dev.tempered.activities.curation;

import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Text that did not come through curation (synthesize's fact prose) as what the tokenizer stages
 * read: one {@code text-shard} and a {@code text-manifest} naming it, with no curation stats.
 */
public final class OneShardTextManifest {
    private OneShardTextManifest() {}

    /**
     * Stores {@code documents} as one shard and its manifest; returns the manifest's record.
     *
     * @param source what the text came from, in place of a raw-pages manifest digest
     */
    public static ArtifactRecord publish(ArtifactPublisher publisher, List<Document> documents, String source)
            throws IOException {
        Path file = Files.createTempFile("tempered-text-", ".jsonl.gz");
        try {
            long bytes = 0;
            try (TextShardWriter writer = new TextShardWriter(file)) {
                for (Document d : documents) {
                    writer.write(d);
                    bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
                }
            }
            int docs = documents.size();
            ArtifactRecord shard = publisher.publish(
                    file,
                    "text-shard",
                    TextShardWriter.MEDIA_TYPE,
                    Map.of("format", TextShardWriter.FORMAT, "docs", docs));
            TextManifest manifest = new TextManifest(
                    TextManifest.FORMAT,
                    TextShardWriter.FORMAT,
                    source,
                    List.of(new TextManifest.Shard(shard.digest(), docs, bytes)),
                    docs,
                    bytes,
                    null);
            return publisher.publish(
                    Json.writeBytes(manifest),
                    TextManifest.KIND,
                    "application/json",
                    Map.of("docs", docs, "shards", 1));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
