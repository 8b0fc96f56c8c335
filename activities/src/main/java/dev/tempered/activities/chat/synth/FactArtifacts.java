package dev.tempered.activities.chat.synth;

import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.OneShardTextManifest;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.workflows.OutputRef;
import java.io.IOException;
import java.io.UncheckedIOException;
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
            List<Document> documents = facts.documents().stream()
                    .map(d -> new Document(d.id(), null, d.text(), Map.of("lang", "en", "entity", d.entity())))
                    .toList();
            ArtifactRecord text = OneShardTextManifest.publish(publisher, documents, TEXT_SOURCE);
            return List.of(
                    new OutputRef("probe", probe.digest()),
                    new OutputRef("facts", encyclopedia.digest()),
                    new OutputRef("facts_text", text.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("storing the fact task's outputs failed: " + e.getMessage(), e);
        }
    }
}
