package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.ObjectKeys;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.StoredObject;
import dev.tempered.storage.testing.StorageFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routes that take a digest accept the 12 characters pages print, and a shard page names the stages that read its manifest. */
class DigestPrefixRoutesTest {
    private static DashboardServer server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static String prefix;
    private static String shard;
    private static String twinA;
    private static String twinB;
    private static String manifest;

    @BeforeAll
    static void seed() {
        StorageFixture fixture = StorageFixture.get();
        LineageStore lineage = fixture.lineage();
        S3ArtifactStore store = fixture.newArtifactStore("digest-prefix-routes");
        prefix = randomHex(6);
        shard = record(lineage, prefix + "0" + "a".repeat(51), "token-shard", Map.of());
        String twins = randomHex(6);
        twinA = record(lineage, twins + "1" + "b".repeat(51), "token-shard", Map.of());
        twinB = record(lineage, twins + "2" + "c".repeat(51), "token-shard", Map.of());
        manifest = record(lineage, randomHex(32), "token-manifest", Map.of());
        String model = record(lineage, randomHex(32), "checkpoint", Map.of());

        String run = "prefix-routes-" + UUID.randomUUID();
        lineage.beginPipelineRun(run, "prefix", Map.of(), null);
        UUID tokenize = lineage.startStageRun(start(run, 0, "tokenize", List.of()));
        lineage.completeStageRun(
                tokenize, List.of(new NamedDigest("manifest", manifest), new NamedDigest("shard", shard)), Map.of());
        UUID pretrain = lineage.startStageRun(start(run, 1, "pretrain", List.of(new NamedDigest("tokens", manifest))));
        lineage.completeStageRun(pretrain, List.of(new NamedDigest("checkpoint", model)), Map.of());
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, store);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static dev.tempered.storage.StageRunStart start(
            String run, int position, String stage, List<NamedDigest> in) {
        return new dev.tempered.storage.StageRunStart(
                run, position, stage, 1, randomHex(32), Map.of(), in, "wf-" + run, "r1");
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String record(LineageStore lineage, String digest, String kind, Map<String, Object> metadata) {
        lineage.recordArtifact(ArtifactRecord.of(
                new StoredObject(digest, 1, ObjectKeys.forDigest(digest)), kind, "application/octet-stream", metadata));
        return digest;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiAndPageAcceptTheTwelveCharactersTheyPrint() throws Exception {
        String twelve = shard.substring(0, 12);
        HttpResponse<String> api = get("/api/artifacts/" + twelve);
        assertEquals(200, api.statusCode(), api.body());
        assertEquals(shard, Json.MAPPER.readTree(api.body()).get("digest").asText());

        HttpResponse<String> page = get("/artifacts/" + twelve);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(shard), "the page shows the full digest");
        assertTrue(
                page.body().contains("read through manifest") && page.body().contains(manifest.substring(0, 12)),
                "the shard's page names pretrain, which read it through the token manifest");
    }

    @Test
    void aShardsLineageListsTheStageThatReadItsManifest() throws Exception {
        JsonNode consumed = Json.MAPPER
                .readTree(get("/api/artifacts/" + shard + "/lineage").body())
                .get("consumed_by");
        assertEquals(1, consumed.size());
        assertEquals("pretrain", consumed.get(0).get("stage").asText());
        assertEquals(manifest, consumed.get(0).get("via_manifest").asText());
    }

    @Test
    void ambiguousIs400ListingTheCandidatesAndUnknownIs404() throws Exception {
        HttpResponse<String> ambiguous = get("/api/artifacts/" + twinA.substring(0, 12) + "/lineage");
        assertEquals(400, ambiguous.statusCode());
        assertTrue(
                ambiguous.body().contains(twinA.substring(0, 16))
                        && ambiguous.body().contains(twinB.substring(0, 16)),
                ambiguous.body());
        String unknown = randomHex(6);
        HttpResponse<String> none = get("/artifacts/" + unknown);
        assertEquals(404, none.statusCode());
        assertTrue(none.body().contains("no artifact " + unknown), none.body());
    }

    @Test
    void queryParametersTakingADigestResolvePrefixesAndNameTheParameterWhenOneIsWrong() throws Exception {
        HttpResponse<String> ambiguous = get("/report-cards/compare?a=" + twinA.substring(0, 12) + "&b=" + shard);
        assertEquals(400, ambiguous.statusCode());
        assertTrue(
                ambiguous
                        .body()
                        .contains("query parameter a: digest prefix " + twinA.substring(0, 12) + " is ambiguous"),
                ambiguous.body());
        String unknown = randomHex(6);
        HttpResponse<String> none = get("/report-cards/compare?a=" + shard.substring(0, 12) + "&b=" + unknown);
        assertEquals(404, none.statusCode());
        assertTrue(none.body().contains("query parameter b: no artifact " + unknown), none.body());
        HttpResponse<String> chat = get("/chat?model=" + unknown);
        assertEquals(404, chat.statusCode());
        assertTrue(chat.body().contains("query parameter model: no artifact " + unknown), chat.body());
    }
}
