package dev.tempered.activities.tokenizer.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.activities.chat.facts.EncyclopediaGenerator;
import dev.tempered.activities.chat.facts.EncyclopediaSettings;
import dev.tempered.activities.chat.facts.FactDocuments;
import dev.tempered.activities.chat.sft.SftFixtures;
import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.OneShardTextManifest;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.StageRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenize} with {@code extra_text}: the extra text's shards come first, so the held-out tail
 * pretrain and evaluate measure stays the curated text; the curated shard encodes exactly as it
 * does alone.
 */
class TokenizeExtraTextTest {
    @TempDir
    Path work;

    @Test
    void extraTextShardsComeFirstAndTheCuratedTextEncodesAsAlone() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        ArtifactPublisher publisher =
                new ArtifactPublisher(fixture.newArtifactStore("tokenize-extra"), fixture.lineage());
        String tokenizer = TokenizerArtifacts.publish(
                        publisher, SftFixtures.tokenizer(1024), Files.createTempDirectory(work, "tok"), Map.of())
                .digest();
        List<String> pages = SftFixtures.pageTexts();
        String curated = manifest(publisher, pages, "page");
        List<String> facts =
                FactDocuments.of(EncyclopediaGenerator.generate(new EncyclopediaSettings(30, 0.2, 5, 1.0, 0.2), 1))
                        .stream()
                        .map(FactDocuments.FactDocument::text)
                        .toList();
        String extra = manifest(publisher, facts, "fact");

        TokenManifest alone = tokenize(publisher, Map.of("text", curated, "tokenizer", tokenizer));
        TokenManifest both = tokenize(publisher, Map.of("text", curated, "extra_text", extra, "tokenizer", tokenizer));

        assertEquals(2, both.shards().size());
        assertEquals(facts.size(), both.shards().get(0).documents());
        assertEquals(alone.shards().get(0), both.shards().get(1), "the curated shard is the same artifact");
        assertEquals(pages.size() + facts.size(), both.documents());
        assertEquals(alone.tokens() + both.shards().get(0).tokens(), both.tokens());
    }

    private TokenManifest tokenize(ArtifactPublisher publisher, Map<String, String> inputs) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new TokenizerActivitiesImpl(publisher));
            String digest = env.newActivityStub(
                            TokenizerActivities.class,
                            ActivityOptions.newBuilder()
                                    .setStartToCloseTimeout(Duration.ofMinutes(2))
                                    .build())
                    .tokenize(new StageRequest(null, inputs, Map.of()))
                    .primary();
            return TokenManifest.read(publisher.store().readAllBytes(digest), digest);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            env.close();
        }
    }

    private String manifest(ArtifactPublisher publisher, List<String> texts, String prefix) throws Exception {
        List<Document> docs = new java.util.ArrayList<>();
        for (int i = 0; i < texts.size(); i++)
            docs.add(new Document(prefix + "-" + i, null, texts.get(i), Map.of("lang", "en")));
        return OneShardTextManifest.publish(publisher, docs, prefix).digest();
    }
}
