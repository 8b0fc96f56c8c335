package dev.tempered.activities.curation.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.curation.DefaultCurationSteps;
import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.FilteredShard;
import dev.tempered.activities.curation.FinalShard;
import dev.tempered.activities.curation.ShardPages;
import dev.tempered.activities.curation.TextShardReader;
import dev.tempered.activities.curation.TextShardWriter;
import dev.tempered.activities.curation.pii.PiiRedactor;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.CurationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document the PII step cannot scan within its read budget is dropped with its reason into the
 * shard's exclusions; the other documents are redacted and the shard finishes (it used to fail on
 * every retry). A redactor with a tiny budget stands in for a page that would exhaust the real one.
 */
class PiiUnscannableDocumentTest {
    // Lines of spam-2/00761 in the sample corpus, as in PiiRedactorTest.
    private static final String MAIL = "From mnereetcaenure@msn.com: call 1-888-763-2497, "
            + "or write us at: NoSpam, 6484 Coral Way, Miami, FL, 33155\".";

    @TempDir
    Path work;

    @Test
    void anUnscannableDocumentIsExcludedAndTheShardFinishes() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        ArtifactPublisher publisher =
                new ArtifactPublisher(fixture.newArtifactStore("pii-unscannable"), fixture.lineage());
        Path shard = work.resolve("kept.jsonl.gz");
        try (TextShardWriter out = new TextShardWriter(shard)) {
            out.write(new Document("doc-short-1", "http://a/", MAIL));
            // About 60,000 characters: over 100,000 + 2 reads per character with a dozen patterns.
            out.write(new Document("doc-long", "http://b/", (MAIL + "\n").repeat(500)));
            out.write(new Document("doc-short-2", "http://c/", "Reply to " + MAIL));
        }
        String kept = publisher
                .publish(shard, "text-shard-filtered", TextShardWriter.MEDIA_TYPE, Map.of())
                .digest();
        Map<String, Object> params =
                StageRegistry.get("curate", "test").normalize(Map.of("dedup", false, "pii", true), "test.params");
        // The finalize activity reads shard records by digest through a page list, as the workflow passes them.
        String filtered = publisher
                .publish(
                        Json.writeBytes(new FilteredShard(0, kept, 3, List.of(), Map.of(), Map.of())),
                        "curation-shard-record",
                        "application/json",
                        Map.of("shard_index", 0))
                .digest();
        String filteredPages = new ShardPages(publisher).append(null, "filtered", 0, List.of(filtered));
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        FinalShard result;
        try {
            env.registerActivitiesImplementations(
                    new CurationActivitiesImpl(publisher, new DefaultCurationSteps(new PiiRedactor(2))));
            CurationActivities stub = env.newActivityStub(
                    CurationActivities.class,
                    ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(Duration.ofMinutes(1))
                            .setRetryOptions(RetryOptions.newBuilder()
                                    .setMaximumAttempts(1)
                                    .build())
                            .build());
            String finalRecord = stub.finalizeCuratedShard(new CurationActivities.FinalizeRequest(
                    UUID.randomUUID().toString(), 0, filteredPages, null, params));
            result = Json.MAPPER.readValue(publisher.store().readAllBytes(finalRecord), FinalShard.class);
        } finally {
            env.close();
        }

        assertEquals(2, result.docs());
        List<String> texts = new ArrayList<>();
        try (TextShardReader reader = new TextShardReader(publisher.store().open(result.textShardDigest()), "final")) {
            Document d;
            while ((d = reader.next()) != null) texts.add(d.id() + ": " + d.text());
        }
        assertEquals(
                List.of(
                        "doc-short-1: From <EMAIL>: call <PHONE>, or write us at: NoSpam, <ADDRESS>\".",
                        "doc-short-2: Reply to From <EMAIL>: call <PHONE>, or write us at: NoSpam, <ADDRESS>\"."),
                texts);
        assertEquals(Map.of("email", 2L, "phone", 2L, "address", 2L), result.piiRedactions());

        assertNotNull(result.dedupExclusions(), "the finalize exclusions hold the dropped document");
        List<JsonNode> lines = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(publisher.store().readAllBytes(result.dedupExclusions()))),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) lines.add(Json.MAPPER.readTree(line));
        }
        assertEquals(1, lines.size());
        assertEquals("doc-long", lines.get(0).get("id").asText());
        assertEquals("pii", lines.get(0).get("step").asText());
        assertEquals("pii_scan_budget_exceeded", lines.get(0).get("reason").asText());
        String excerpt = lines.get(0).get("excerpt").asText();
        assertEquals(
                "[text withheld: " + ((MAIL + "\n").repeat(500)).length() + " characters not scanned for PII]",
                excerpt,
                "the unscanned page's emails and phone numbers must not reach the exclusions");
        assertTrue(
                result.funnel().toString().contains("pii_scan_budget_exceeded"),
                result.funnel().toString());
    }
}
