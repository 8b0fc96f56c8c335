package dev.tempered.activities.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report over stored shard records in pages: the manifest lists the shards in order, and a
 * run with more outputs than a stage result should carry lists them in one artifact instead.
 */
class CurationReportTest {
    private static String digest(String s) {
        return Digests.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> funnel(String step, long in, long out) {
        return Map.of(
                step,
                Map.of(
                        "docs_in",
                        in,
                        "docs_out",
                        out,
                        "bytes_in",
                        in * 100,
                        "bytes_out",
                        out * 100,
                        "drops",
                        in == out ? Map.of() : Map.of(step + ":reason", in - out)));
    }

    /** Stores {@code shards} filtered and final records, in pages of 250, and writes the report. */
    private static StageResult report(ArtifactPublisher publisher, int shards) throws Exception {
        ShardPages pages = new ShardPages(publisher);
        String filteredPages = null;
        String finalPages = null;
        for (int first = 0; first < shards; first += 250) {
            List<String> filtered = new ArrayList<>();
            List<String> finals = new ArrayList<>();
            for (int i = first; i < Math.min(shards, first + 250); i++) {
                filtered.add(publisher
                        .publish(
                                Json.writeBytes(new FilteredShard(
                                        i,
                                        digest("kept " + i),
                                        3,
                                        List.of(),
                                        Map.of("language", digest("excluded " + i)),
                                        funnel("language", 4, 3))),
                                "curation-shard-record",
                                "application/json",
                                Map.of())
                        .digest());
                finals.add(publisher
                        .publish(
                                Json.writeBytes(new FinalShard(
                                        i,
                                        digest("text " + i),
                                        3,
                                        300,
                                        null,
                                        funnel("pii", 3, 3),
                                        Map.of("email", 1L))),
                                "curation-shard-record",
                                "application/json",
                                Map.of())
                        .digest());
            }
            filteredPages = pages.append(filteredPages, CurationActivitiesImpl.FILTERED, first, filtered);
            finalPages = pages.append(finalPages, CurationActivitiesImpl.FINAL, first, finals);
        }
        return new CurationReport(publisher)
                .write(digest("raw manifest"), List.of("language", "pii"), filteredPages, finalPages, 0, 0);
    }

    @Test
    void aSmallRunListsEveryOutputAndTheManifestListsTheShardsInOrder() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        ArtifactPublisher publisher =
                new ArtifactPublisher(fixture.newArtifactStore("curation-report"), fixture.lineage());
        StageResult result = report(publisher, 300);
        // manifest, stats, 300 shards, 300 language exclusions
        assertEquals(602, result.outputs().size());
        assertEquals(new OutputRef("shard", digest("text 0")), result.outputs().get(2));
        assertEquals(
                new OutputRef("excluded_language", digest("excluded 299")),
                result.outputs().get(601));
        JsonNode manifest = Json.MAPPER.readTree(publisher.store().readAllBytes(result.primary()));
        assertEquals(300, manifest.get("shards").size());
        assertEquals(
                digest("text 299"),
                manifest.get("shards").get(299).get("digest").asText());
        assertEquals(900, manifest.get("docs").asLong());
        JsonNode stats = Json.MAPPER.readTree(
                publisher.store().readAllBytes(manifest.get("stats").asText()));
        assertEquals(1200, stats.get("funnel").get("language").get("docs_in").asLong());
        assertEquals(
                300,
                stats.get("funnel")
                        .get("language")
                        .get("drops")
                        .get("language:reason")
                        .asLong());
        assertEquals(300, stats.get("pii_redactions").get("email").asLong());
    }

    @Test
    void aLargeRunListsItsOutputsInOneArtifact() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        ArtifactPublisher publisher =
                new ArtifactPublisher(fixture.newArtifactStore("curation-report"), fixture.lineage());
        StageResult result = report(publisher, 600);
        assertEquals(
                List.of("manifest", "stats", "outputs"),
                result.outputs().stream().map(OutputRef::name).toList());
        JsonNode list = Json.MAPPER.readTree(
                publisher.store().readAllBytes(result.outputs().get(2).digest()));
        assertEquals(CurationReport.OUTPUTS_FORMAT, list.get("format").asText());
        assertEquals(1200, list.get("outputs").size());
        assertEquals(
                digest("text 599"), list.get("outputs").get(599).get("digest").asText());
        assertEquals(600, ((Number) result.summary().get("shards")).intValue());
    }
}
