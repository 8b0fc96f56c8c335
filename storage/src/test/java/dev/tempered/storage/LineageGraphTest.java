package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tempered.storage.testing.StorageFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What lineage shows around one artifact: cached reruns, shards read through manifests, source paths, order. */
class LineageGraphTest {
    private static LineageStore lineage;

    @BeforeAll
    static void open() {
        lineage = StorageFixture.get().lineage();
    }

    private static ArtifactRecord artifact(String text, String kind, Map<String, Object> metadata) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256Hex(bytes);
        var rec = ArtifactRecord.of(
                new StoredObject(digest, bytes.length, ObjectKeys.forDigest(digest)), kind, "text/plain", metadata);
        lineage.recordArtifact(rec);
        return rec;
    }

    private static String run() {
        String id = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(id, "graph", Map.of(), null);
        return id;
    }

    private static StageRunStart start(String runId, int position, String stage, String key, List<NamedDigest> in) {
        return new StageRunStart(runId, position, stage, 1, key, Map.of(), in, "wf-" + runId, "r1");
    }

    private static String key(String salt) {
        return Digests.sha256Hex((salt + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCachedRerunIsNeitherAnotherProducerNorAnotherConsumer() {
        String salt = UUID.randomUUID().toString();
        ArtifactRecord text = artifact("text " + salt, "text-manifest", Map.of());
        ArtifactRecord tokens = artifact("tokens " + salt, "token-manifest", Map.of());
        String tokenizeKey = key("tokenize");
        List<NamedDigest> in = List.of(new NamedDigest("in", text.digest()));

        String first = run();
        UUID original = lineage.startStageRun(start(first, 0, "tokenize", tokenizeKey, in));
        lineage.completeStageRun(original, List.of(new NamedDigest("manifest", tokens.digest())), Map.of());
        String second = run();
        lineage.recordCachedStageRun(
                start(second, 0, "tokenize", tokenizeKey, in),
                lineage.findReusable(tokenizeKey).orElseThrow());

        Lineage up = lineage.lineage(tokens.digest()).orElseThrow();
        assertEquals(
                List.of(original),
                up.producedBy().stream().map(StageRunLink::stageRunId).toList());
        Lineage down = lineage.lineage(text.digest()).orElseThrow();
        assertEquals(
                List.of(original),
                down.consumedBy().stream().map(StageRunLink::stageRunId).toList());
    }

    @Test
    void aShardListsTheStagesThatReadItsManifest() {
        String salt = UUID.randomUUID().toString();
        ArtifactRecord manifest = artifact("token manifest " + salt, "token-manifest", Map.of());
        ArtifactRecord shard0 = artifact("shard 0 " + salt, "token-shard", Map.of());
        ArtifactRecord shard1 = artifact("shard 1 " + salt, "token-shard", Map.of());
        ArtifactRecord model = artifact("model " + salt, "checkpoint", Map.of());
        String runId = run();
        UUID tokenize = lineage.startStageRun(start(runId, 0, "tokenize", key("t"), List.of()));
        lineage.completeStageRun(
                tokenize,
                List.of(
                        new NamedDigest("manifest", manifest.digest()),
                        new NamedDigest("shard", shard0.digest()),
                        new NamedDigest("shard", shard1.digest())),
                Map.of());
        UUID pretrain = lineage.startStageRun(
                start(runId, 1, "pretrain", key("p"), List.of(new NamedDigest("tokens", manifest.digest()))));
        lineage.completeStageRun(pretrain, List.of(new NamedDigest("checkpoint", model.digest())), Map.of());

        List<StageRunLink> readers =
                lineage.lineage(shard1.digest()).orElseThrow().consumedBy();
        assertEquals(1, readers.size());
        assertEquals(pretrain, readers.get(0).stageRunId());
        assertEquals(manifest.digest(), readers.get(0).via());
        assertEquals(model.digest(), readers.get(0).artifacts().get(0).digest());
        // The manifest itself is read directly: no "via" there.
        assertNull(lineage.lineage(manifest.digest())
                .orElseThrow()
                .consumedBy()
                .get(0)
                .via());
        @SuppressWarnings("unchecked")
        var consumed = (List<Map<String, Object>>)
                RunJson.lineage(lineage.lineage(shard0.digest()).orElseThrow()).get("consumed_by");
        assertEquals(manifest.digest(), consumed.get(0).get("via_manifest"));
    }

    @Test
    void sourceFilesShowTheirPathAndCheckpointsListByStep() {
        String salt = UUID.randomUUID().toString();
        ArtifactRecord warc = artifact("warc " + salt, "source-file", Map.of("path", "crawl/part-1.warc.gz"));
        String runId = run();
        UUID ingest = lineage.startStageRun(
                start(runId, 0, "ingest", key("i"), List.of(new NamedDigest("source-00000", warc.digest()))));
        assertEquals(
                "crawl/part-1.warc.gz",
                lineage.stageRun(ingest).orElseThrow().inputs().get(0).path());

        UUID pretrain = lineage.startStageRun(start(runId, 1, "pretrain", key("p"), List.of()));
        for (int step : new int[] {100, 20, 1000, 5}) {
            ArtifactRecord c = artifact("checkpoint " + step + salt, "checkpoint", Map.of());
            lineage.addStageOutputs(pretrain, List.of(new NamedDigest("checkpoint_step_" + step, c.digest())));
        }
        assertEquals(
                List.of("checkpoint_step_5", "checkpoint_step_20", "checkpoint_step_100", "checkpoint_step_1000"),
                lineage.stageRun(pretrain).orElseThrow().outputs().stream()
                        .map(ArtifactRef::name)
                        .toList());
    }
}
