package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.ObjectKeys;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.S3Config;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API, downloads, error statuses and security headers over real PostgreSQL and S3. */
class DashboardApiTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    private static S3Config s3;
    private static LineageStore lineage;
    private static DashboardServer server;
    private static String runA;
    private static String runB;
    private static UUID ingestA;
    private static UUID curateA;
    private static String raw;
    private static byte[] rawBytes;
    private static String shard;
    private static String missingBytes;

    @BeforeAll
    static void seed() throws IOException {
        StorageFixture fixture = StorageFixture.get();
        lineage = fixture.lineage();
        s3 = fixture.s3Config("webapi");
        Seed seed = new Seed(lineage, S3ArtifactStore.connect(s3));

        // Bigger than the download's 64 KiB chunks, so streaming over several chunks is exercised.
        rawBytes = new byte[200_000 + new Random().nextInt(1000)];
        new Random().nextBytes(rawBytes);
        raw = seed.artifact("raw-pages", "application/x-ndjson+gzip", rawBytes, Map.of("pages", 3));
        shard = seed.textArtifact("text-shard", "application/x-ndjson", "{\"text\":\"hello\"}", Map.of("docs", 1));

        runA = Seed.runId("api-a");
        lineage.beginPipelineRun(runA, "demo", Map.of("stages", List.of("ingest", "curate")), "temporal-a");
        String ingestKey = Seed.freshKey();
        ingestA = seed.start(runA, 0, "ingest", 1, ingestKey, Map.of("source", "warc"), List.of());
        lineage.completeStageRun(ingestA, List.of(new NamedDigest("pages", raw)), Map.of("pages", 3));
        curateA = seed.start(
                runA, 1, "curate", 2, Seed.freshKey(), Map.of("min_words", 5), List.of(new NamedDigest("pages", raw)));
        lineage.completeStageRun(
                curateA,
                List.of(new NamedDigest("shard", shard)),
                Map.of("kept", 1, "malformed", Map.of("bad-utf8", 2)));
        lineage.recordMetrics(
                curateA,
                List.of(
                        MetricPoint.of(1, "loss", 2.5),
                        MetricPoint.of(2, "loss", 2.0),
                        MetricPoint.of(2, "pages", 10)));
        lineage.finishPipelineRun(runA, StageStatus.SUCCEEDED, null);

        runB = Seed.runId("api-b");
        lineage.beginPipelineRun(runB, "demo", Map.of(), null);
        seed.cached(
                runB, 0, "ingest", 1, ingestKey, ingestA, List.of(new NamedDigest("pages", raw)), Map.of("pages", 3));
        lineage.finishPipelineRun(runB, StageStatus.SUCCEEDED, null);

        // A lineage row whose bytes were never stored (a wiped bucket).
        byte[] gone = ("never stored " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        missingBytes = Digests.sha256Hex(gone);
        lineage.recordArtifact(new dev.tempered.storage.ArtifactRecord(
                missingBytes,
                "report",
                gone.length,
                "application/json",
                ObjectKeys.forDigest(missingBytes),
                Map.of(),
                null));

        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void serverBindsLoopbackOnAPickedPort() {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port(), server.url());
    }

    @Test
    void runsListsTheSeededRunsNewestFirst() throws Exception {
        HttpResponse<String> r = get("/api/runs?limit=500");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode runs = Json.MAPPER.readTree(r.body());
        assertTrue(runs.isArray());
        int indexA = indexOf(runs, runA);
        int indexB = indexOf(runs, runB);
        assertTrue(indexA >= 0 && indexB >= 0, "both seeded runs listed");
        assertTrue(indexB < indexA, "run B was created after run A, so it comes first");
        JsonNode a = runs.get(indexA);
        assertEquals("demo", a.get("pipeline").asText());
        assertEquals("succeeded", a.get("status").asText());
        assertEquals(
                List.of("ingest", "curate"),
                List.of(
                        a.get("stages").get(0).get("name").asText(),
                        a.get("stages").get(1).get("name").asText()));
    }

    @Test
    void runsLimitIsHonouredAndValidated() throws Exception {
        assertEquals(1, Json.MAPPER.readTree(get("/api/runs?limit=1").body()).size());
        JsonNode firstTwo = Json.MAPPER.readTree(get("/api/runs?limit=2").body());
        JsonNode second = Json.MAPPER.readTree(get("/api/runs?limit=1&offset=1").body());
        assertEquals(firstTwo.get(1).get("id"), second.get(0).get("id"), "offset skips the newest run");
        assertEquals(400, get("/api/runs?offset=-1").statusCode());
        HttpResponse<String> bad = get("/api/runs?limit=0");
        assertEquals(400, bad.statusCode());
        assertTrue(error(bad).contains("limit='0'"), error(bad));
        assertEquals(400, get("/api/runs?limit=lots").statusCode());
    }

    @Test
    void runShowsStagesWithTheirOutputs() throws Exception {
        HttpResponse<String> r = get("/api/runs/" + runA);
        assertEquals(200, r.statusCode());
        JsonNode run = Json.MAPPER.readTree(r.body());
        assertEquals(runA, run.get("id").asText());
        assertEquals("demo", run.get("pipeline").asText());
        assertEquals("succeeded", run.get("status").asText());
        assertEquals("temporal-a", run.get("temporal_run_id").asText());
        assertFalse(run.get("finished").isNull());

        JsonNode ingest = run.get("stages").get(0);
        assertEquals("ingest", ingest.get("name").asText());
        assertEquals(ingestA.toString(), ingest.get("id").asText());
        assertEquals("succeeded", ingest.get("status").asText());
        assertFalse(ingest.get("cached").asBoolean());
        assertFalse(ingest.get("started").isNull());
        assertFalse(ingest.get("finished").isNull());
        JsonNode out = ingest.get("outputs").get(0);
        assertEquals(raw, out.get("digest").asText());
        assertEquals("raw-pages", out.get("kind").asText());
        assertEquals(rawBytes.length, out.get("size").asLong());

        JsonNode curate = run.get("stages").get(1);
        assertEquals("curate", curate.get("name").asText());
        assertEquals(2, curate.get("version").asInt());
        assertEquals(5, curate.get("params").get("min_words").asInt());
        assertEquals(2, curate.get("summary").get("malformed").get("bad-utf8").asInt());
        assertEquals(raw, curate.get("inputs").get(0).get("digest").asText());
        assertEquals(shard, curate.get("outputs").get(0).get("digest").asText());
        assertEquals("text-shard", curate.get("outputs").get(0).get("kind").asText());
    }

    @Test
    void cachedStageNamesTheRunItReused() throws Exception {
        JsonNode stage = Json.MAPPER
                .readTree(get("/api/runs/" + runB).body())
                .get("stages")
                .get(0);
        assertTrue(stage.get("cached").asBoolean());
        assertEquals(ingestA.toString(), stage.get("cached_from").asText());
        assertEquals(raw, stage.get("outputs").get(0).get("digest").asText());
    }

    @Test
    void unknownRunIs404AndMalformedRunIdIs400() throws Exception {
        String unknown = Seed.runId("nope");
        HttpResponse<String> r = get("/api/runs/" + unknown);
        assertEquals(404, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no pipeline run '" + unknown + "'", error(r));

        HttpResponse<String> bad = get("/api/runs/bad%20id");
        assertEquals(400, bad.statusCode());
        assertTrue(error(bad).startsWith("run id 'bad id' may contain only"), error(bad));
    }

    @Test
    void artifactAndItsLineage() throws Exception {
        JsonNode a = Json.MAPPER.readTree(get("/api/artifacts/" + raw).body());
        assertEquals(raw, a.get("digest").asText());
        assertEquals("raw-pages", a.get("kind").asText());
        assertEquals(rawBytes.length, a.get("size").asLong());
        assertEquals("application/x-ndjson+gzip", a.get("media_type").asText());
        assertEquals(3, a.get("metadata").get("pages").asInt());

        JsonNode l =
                Json.MAPPER.readTree(get("/api/artifacts/" + raw + "/lineage").body());
        assertEquals(raw, l.get("artifact").get("digest").asText());
        JsonNode producers = l.get("produced_by");
        assertTrue(containsStage(producers, ingestA), "the ingest stage run produced it: " + producers);
        JsonNode consumers = l.get("consumed_by");
        assertEquals(1, consumers.size());
        assertEquals(curateA.toString(), consumers.get(0).get("stage_run_id").asText());
        assertEquals(runA, consumers.get(0).get("run_id").asText());
        assertEquals(shard, consumers.get(0).get("outputs").get(0).get("digest").asText());
    }

    @Test
    void artifactErrors() throws Exception {
        HttpResponse<String> bad = get("/api/artifacts/XYZ");
        assertEquals(400, bad.statusCode());
        assertTrue(error(bad).startsWith("'XYZ' is not an artifact digest"), error(bad));
        String unknown = Seed.freshKey();
        HttpResponse<String> missing = get("/api/artifacts/" + unknown + "/lineage");
        assertEquals(404, missing.statusCode());
        assertEquals("no artifact " + unknown + " in the lineage store", error(missing));
    }

    @Test
    void metricsAfterAStep() throws Exception {
        JsonNode all = Json.MAPPER.readTree(
                get("/api/stage-runs/" + curateA + "/metrics").body());
        assertEquals(3, all.size());
        assertEquals("loss", all.get(0).get("name").asText());
        assertEquals(1, all.get(0).get("step").asLong());
        assertEquals(2.5, all.get(0).get("value").asDouble());
        assertFalse(all.get(0).get("recorded_at").isNull());

        JsonNode after = Json.MAPPER.readTree(
                get("/api/stage-runs/" + curateA + "/metrics?after=1").body());
        assertEquals(2, after.size());
        assertEquals(
                List.of("loss@2=2.0", "pages@2=10.0"),
                List.of(
                        after.get(0).get("name").asText() + "@"
                                + after.get(0).get("step").asLong() + "="
                                + after.get(0).get("value").asDouble(),
                        after.get(1).get("name").asText() + "@"
                                + after.get(1).get("step").asLong() + "="
                                + after.get(1).get("value").asDouble()));

        assertEquals(400, get("/api/stage-runs/not-a-uuid/metrics").statusCode());
        assertEquals(400, get("/api/stage-runs/" + curateA + "/metrics?after=x").statusCode());
        assertEquals(
                404, get("/api/stage-runs/" + UUID.randomUUID() + "/metrics").statusCode());
    }

    @Test
    void downloadStreamsTheExactBytes() throws Exception {
        HttpResponse<byte[]> r =
                http.send(request("/artifacts/" + raw + "/download"), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(rawBytes, r.body());
        assertEquals(
                "application/x-ndjson+gzip",
                r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(
                "attachment; filename=\"raw-pages-" + raw.substring(0, 12) + ".jsonl.gz\"",
                r.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals(
                String.valueOf(rawBytes.length),
                r.headers().firstValue("Content-Length").orElseThrow());
        assertSecurityHeaders(r);
    }

    @Test
    void downloadOfMissingBytesOrUnknownArtifactIs404Page() throws Exception {
        HttpResponse<String> gone = get("/artifacts/" + missingBytes + "/download");
        assertEquals(404, gone.statusCode());
        assertTrue(gone.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(gone.headers().firstValue("Content-Disposition").isEmpty());
        assertTrue(
                gone.body()
                        .contains("artifact " + missingBytes
                                + " is recorded in the lineage store but its bytes are missing"),
                gone.body());

        String unknown = Seed.freshKey();
        HttpResponse<String> none = get("/artifacts/" + unknown + "/download");
        assertEquals(404, none.statusCode());
        assertTrue(none.body().contains("no artifact " + unknown), none.body());
    }

    @Test
    void downloadOfAlteredSmallArtifactIs500NamingTheCorruption() throws Exception {
        String digest = storeThenAlter(("to be altered " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = get("/artifacts/" + digest + "/download");
        assertEquals(500, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Disposition").isEmpty());
        assertTrue(r.body().contains("artifact " + digest + " is corrupt"), r.body());
    }

    @Test
    void downloadOfAlteredLargeArtifactNeverCompletes() throws Exception {
        byte[] big = new byte[300_000];
        new Random().nextBytes(big);
        String digest = storeThenAlter(big);
        // The first chunks are already on the wire when the mismatch shows at the end; the response
        // must then stop short of its Content-Length so that the client cannot mistake it for the file.
        assertThrows(
                IOException.class,
                () -> http.send(
                        request("/artifacts/" + digest + "/download"), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Stores the bytes, then overwrites the object behind the store's back, as a faulty disk would. */
    private static String storeThenAlter(byte[] original) throws Exception {
        String digest = new Seed(lineage, S3ArtifactStore.connect(s3))
                .artifact("report", "application/json", original, Map.of());
        byte[] altered = original.clone();
        altered[altered.length - 1] ^= 1;
        MinioClient minio = MinioClient.builder()
                .endpoint(s3.endpoint().toString())
                .credentials(s3.accessKey(), s3.secretKey())
                .build();
        minio.putObject(PutObjectArgs.builder().bucket(s3.bucket()).object(ObjectKeys.forDigest(digest)).stream(
                        new ByteArrayInputStream(altered), (long) altered.length, null)
                .build());
        return digest;
    }

    @Test
    void htmlErrorPagesNameTheEscapedValueWithoutAStackTrace() throws Exception {
        HttpResponse<String> bad = get("/artifacts/%3Cb%3Ehi");
        assertEquals(400, bad.statusCode());
        assertTrue(
                bad.body().contains("&#39;&lt;b&gt;hi&#39; is not an artifact digest")
                        || bad.body().contains("'&lt;b&gt;hi' is not an artifact digest"),
                bad.body());
        assertFalse(bad.body().contains("<b>hi"));

        String unknown = Seed.runId("ghost");
        HttpResponse<String> missing = get("/runs/" + unknown);
        assertEquals(404, missing.statusCode());
        assertTrue(
                missing.body().contains("no pipeline run &#39;" + unknown + "&#39;")
                        || missing.body().contains("no pipeline run '" + unknown + "'"),
                missing.body());

        HttpResponse<String> noRoute = get("/no/such/page");
        assertEquals(404, noRoute.statusCode());
        for (HttpResponse<String> r : List.of(bad, missing, noRoute)) {
            assertFalse(r.body().contains("\tat ") || r.body().contains("Exception"), r.body());
            assertSecurityHeaders(r);
        }
    }

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of(
                "/",
                "/runs/" + runA,
                "/artifacts/" + raw,
                "/api/runs",
                "/api/runs/" + Seed.runId("x"),
                Assets.CSS,
                Assets.HTMX)) {
            HttpResponse<String> r = get(path);
            assertTrue(r.statusCode() == 200 || r.statusCode() == 404, path + " -> " + r.statusCode());
            assertSecurityHeaders(r);
        }
        assertEquals(200, get(Assets.HTMX).statusCode());
        assertEquals(200, get(Assets.CSS).statusCode());
    }

    @Test
    void pagesRenderTheSeededValues() throws Exception {
        String run = get("/runs/" + runB).body();
        assertTrue(run.contains("class=\"cached-mark\">cached<"), run);
        assertTrue(run.contains("href=\"/runs/" + runA + "\""), "cached stage links to the run it reused");
        assertTrue(run.contains("href=\"/artifacts/" + raw + "\""), "output links to the artifact page");
        assertFalse(run.contains("hx-trigger"), "a finished run does not poll");

        String artifact = get("/artifacts/" + shard).body();
        assertTrue(artifact.contains("href=\"/artifacts/" + shard + "/download\""));
        assertTrue(
                artifact.contains("title=\"" + raw + "\">" + raw.substring(0, 12) + "<"),
                "input shown abbreviated with full title");
    }

    private static void assertSecurityHeaders(HttpResponse<?> r) {
        assertEquals(
                DashboardServer.CONTENT_SECURITY_POLICY,
                r.headers().firstValue("Content-Security-Policy").orElse(null),
                r.uri().toString());
        assertEquals(
                "nosniff",
                r.headers().firstValue("X-Content-Type-Options").orElse(null),
                r.uri().toString());
        assertEquals(
                "no-referrer",
                r.headers().firstValue("Referrer-Policy").orElse(null),
                r.uri().toString());
        assertEquals(
                "DENY",
                r.headers().firstValue("X-Frame-Options").orElse(null),
                r.uri().toString());
    }

    private static boolean containsStage(JsonNode links, UUID stageRunId) {
        for (JsonNode l : links) if (l.get("stage_run_id").asText().equals(stageRunId.toString())) return true;
        return false;
    }

    private static int indexOf(JsonNode runs, String id) {
        for (int i = 0; i < runs.size(); i++) if (runs.get(i).get("id").asText().equals(id)) return i;
        return -1;
    }

    private static String error(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body()).get("error").asText();
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).build();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }
}
