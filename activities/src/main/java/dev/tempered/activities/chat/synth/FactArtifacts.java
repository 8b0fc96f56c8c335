package dev.tempered.activities.chat.synth;

import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.chat.facts.FactDocuments.FactDocument;
import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.TextManifest;
import dev.tempered.activities.curation.TextShardWriter;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.workflows.OutputRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Stores the fact task's outputs besides the conversation splits: {@code probe} (the training
 * split's fact questions alone, for the probe stage; already published by the caller), {@code facts} (the encyclopedia, the
 * ground truth {@code probe} and {@code evaluate} judge against) and {@code facts_text} (its prose as
 * a one-shard {@code text-manifest}, which {@code tokenize} takes as {@code extra_text} next to
 * curated web text).
 */
final class FactArtifacts {
    /** The {@code source} of the text manifest: no raw pages were curated to make it. */
    static final String TEXT_SOURCE = "synthesize:facts";

    private FactArtifacts() {}

    static List<OutputRef> publish(ArtifactPublisher publisher, FactSynthesis facts, ArtifactRecord probe) {
        try {
            ArtifactRecord encyclopedia = publisher.publish(
                    facts.encyclopedia().toJson(),
                    Encyclopedia.KIND,
                    Encyclopedia.MEDIA_TYPE,
                    Map.of(
                            "format",
                            Encyclopedia.FORMAT,
                            "entities",
                            facts.encyclopedia().entities().size()));
            ArtifactRecord text = publishText(publisher, facts.documents());
            return List.of(
                    new OutputRef("probe", probe.digest()),
                    new OutputRef("facts", encyclopedia.digest()),
                    new OutputRef("facts_text", text.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("storing the fact task's outputs failed: " + e.getMessage(), e);
        }
    }

    private static ArtifactRecord publishText(ArtifactPublisher publisher, List<FactDocument> documents)
            throws IOException {
        Path file = Files.createTempFile("tempered-facts-", ".jsonl.gz");
        try {
            long bytes = 0;
            int docs;
            try (TextShardWriter writer = new TextShardWriter(file)) {
                for (FactDocument d : documents) {
                    writer.write(new Document(d.id(), null, d.text(), Map.of("lang", "en", "entity", d.entity())));
                    bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
                }
                docs = writer.docs();
            }
            ArtifactRecord shard = publisher.publish(
                    file,
                    "text-shard",
                    TextShardWriter.MEDIA_TYPE,
                    Map.of("format", TextShardWriter.FORMAT, "docs", docs));
            TextManifest manifest = new TextManifest(
                    TextManifest.FORMAT,
                    TextShardWriter.FORMAT,
                    TEXT_SOURCE,
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
