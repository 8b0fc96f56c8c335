package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LineageStoreTest {
    private static LineageStore lineage;

    @BeforeAll
    static void open() {
        lineage = StorageFixture.get().lineage();
    }

    private static ArtifactRecord artifact(String text, String kind) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256Hex(bytes);
        var rec = ArtifactRecord.of(
                new StoredObject(digest, bytes.length, ObjectKeys.forDigest(digest)),
                kind,
                "text/plain",
                Map.of("lines", 1));
        lineage.recordArtifact(rec);
        return rec;
    }

    private static StageRunStart start(
            String runId, int position, String stage, String cacheKey, List<NamedDigest> inputs) {
        return new StageRunStart(
                runId, position, stage, 1, cacheKey, Map.of("shard_max_mb", 8), inputs, "wf-" + runId, "r1");
    }

    @Test
    void stageRunsRecordInputsOutputsAndLineageBothWays() {
        String runId = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "demo", Map.of("name", "demo"), "temporal-run");
        ArtifactRecord source = artifact("source " + runId, "source-manifest");
        ArtifactRecord pages = artifact("pages " + runId, "raw-pages");
        ArtifactRecord manifest = artifact("manifest " + runId, "raw-pages-manifest");

        UUID stage = lineage.startStageRun(start(
                runId,
                0,
                "ingest",
                Digests.sha256Hex(runId.getBytes()),
                List.of(new NamedDigest("sources", source.digest()))));
        lineage.completeStageRun(
                stage,
                List.of(new NamedDigest("manifest", manifest.digest()), new NamedDigest("shard", pages.digest())),
                Map.of("pages", 3));
        lineage.finishPipelineRun(runId, StageStatus.SUCCEEDED, null);

        PipelineRunRecord run = lineage.run(runId).orElseThrow();
        assertEquals(StageStatus.SUCCEEDED, run.status());
        assertEquals(1, run.stages().size());
        StageRunRecord s = run.stages().get(0);
        assertEquals("ingest", s.stage());
        assertEquals(StageStatus.SUCCEEDED, s.status());
        assertFalse(s.cached());
        assertEquals(8, ((Number) s.params().get("shard_max_mb")).intValue());
        assertEquals(3, ((Number) s.summary().get("pages")).intValue());
        assertEquals(
                List.of(source.digest()),
                s.inputs().stream().map(ArtifactRef::digest).toList());
        assertEquals(
                List.of("manifest", "shard"),
                s.outputs().stream().map(ArtifactRef::name).toList());
        assertTrue(s.finished() != null && !s.finished().isBefore(s.started()));

        Lineage up = lineage.lineage(manifest.digest()).orElseThrow();
        assertEquals(1, up.producedBy().size());
        assertEquals(source.digest(), up.producedBy().get(0).artifacts().get(0).digest());
        Lineage down = lineage.lineage(source.digest()).orElseThrow();
        assertEquals(stage, down.consumedBy().get(0).stageRunId());
        assertEquals(2, down.consumedBy().get(0).artifacts().size());
    }

    @Test
    void repeatedStartOfTheSamePositionReturnsTheSameRun() {
        String runId = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "demo", Map.of(), null);
        lineage.beginPipelineRun(runId, "demo", Map.of(), null);
        StageRunStart s = start(runId, 0, "noop", Digests.sha256Hex(runId.getBytes()), List.of());
        assertEquals(lineage.startStageRun(s), lineage.startStageRun(s));
    }

    @Test
    void cacheLookupFindsTheNewestSuccessfulRunAndCachedRunsPointBack() {
        String key = Digests.sha256Hex(UUID.randomUUID().toString().getBytes());
        String first = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(first, "demo", Map.of(), null);
        assertTrue(lineage.findReusable(key).isEmpty());
        ArtifactRecord out = artifact("output " + key, "raw-pages-manifest");
        UUID original = lineage.startStageRun(start(first, 0, "ingest", key, List.of()));
        lineage.completeStageRun(original, List.of(new NamedDigest("manifest", out.digest())), Map.of("pages", 7));

        CacheHit hit = lineage.findReusable(key).orElseThrow();
        assertEquals(original, hit.stageRunId());
        assertEquals(List.of(new NamedDigest("manifest", out.digest())), hit.outputs());

        String second = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(second, "demo", Map.of(), null);
        UUID cached = lineage.recordCachedStageRun(start(second, 0, "ingest", key, List.of()), hit);
        StageRunRecord rec = lineage.stageRun(cached).orElseThrow();
        assertTrue(rec.cached());
        assertEquals(original, rec.cachedFrom());
        assertEquals(StageStatus.SUCCEEDED, rec.status());
        assertEquals(out.digest(), rec.outputs().get(0).digest());
        // A cached run is never itself offered as the source of a cache hit.
        assertEquals(original, lineage.findReusable(key).orElseThrow().stageRunId());
    }

    @Test
    void failedStagesKeepTheirError() {
        String runId = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "demo", Map.of(), null);
        UUID s = lineage.startStageRun(start(runId, 0, "ingest", Digests.sha256Hex(runId.getBytes()), List.of()));
        lineage.endStageRun(s, StageStatus.FAILED, "sample.warc.gz: truncated at offset 1234");
        lineage.finishPipelineRun(runId, StageStatus.FAILED, "stage ingest failed");
        PipelineRunRecord run = lineage.run(runId).orElseThrow();
        assertEquals(StageStatus.FAILED, run.status());
        assertEquals(
                "sample.warc.gz: truncated at offset 1234", run.stages().get(0).error());
        assertThrows(IllegalArgumentException.class, () -> lineage.endStageRun(s, StageStatus.SUCCEEDED, null));
    }

    @Test
    void outputsAddedWhileRunningOutliveAFailureAndCompletionReplacesThem() {
        String runId = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "demo", Map.of(), null);
        UUID s = lineage.startStageRun(start(runId, 0, "pretrain", Digests.sha256Hex(runId.getBytes()), List.of()));
        ArtifactRecord step10 = artifact(runId + " step 10", "checkpoint");
        ArtifactRecord step20 = artifact(runId + " step 20", "checkpoint");
        lineage.addStageOutputs(s, List.of(new NamedDigest("checkpoint_step_10", step10.digest())));
        lineage.addStageOutputs(
                s, List.of(new NamedDigest("checkpoint_step_10", step10.digest()))); // a retry re-adds it
        lineage.addStageOutputs(s, List.of(new NamedDigest("checkpoint_step_20", step20.digest())));
        lineage.endStageRun(s, StageStatus.FAILED, "pretrain diverged at update 23");
        StageRunRecord failed = lineage.stageRun(s).orElseThrow();
        assertEquals(
                List.of("checkpoint_step_10", "checkpoint_step_20"),
                failed.outputs().stream().map(ArtifactRef::name).toList());
        assertEquals(
                s,
                lineage.lineage(step20.digest())
                        .orElseThrow()
                        .producedBy()
                        .get(0)
                        .stageRunId());

        lineage.completeStageRun(s, List.of(new NamedDigest("checkpoint", step20.digest())), Map.of());
        assertEquals(
                List.of("checkpoint"),
                lineage.stageRun(s).orElseThrow().outputs().stream()
                        .map(ArtifactRef::name)
                        .toList());
    }

    @Test
    void edgesToUnrecordedArtifactsAreRefused() {
        String runId = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "demo", Map.of(), null);
        UUID s = lineage.startStageRun(start(runId, 0, "ingest", Digests.sha256Hex(runId.getBytes()), List.of()));
        String ghost = Digests.sha256Hex(("ghost" + runId).getBytes());
        StorageException e = assertThrows(
                StorageException.class,
                () -> lineage.completeStageRun(s, List.of(new NamedDigest("manifest", ghost)), Map.of()));
        assertTrue(e.getMessage().contains(ghost), e.getMessage());
        assertEquals(
                StageStatus.RUNNING, lineage.stageRun(s).orElseThrow().status(), "the failed completion rolled back");
    }

    @Test
    void metricsKeepTheNewestValuePerStepAndCanBeReadIncrementally() {
        String runId = "run-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "demo", Map.of(), null);
        UUID s = lineage.startStageRun(start(runId, 0, "ingest", Digests.sha256Hex(runId.getBytes()), List.of()));
        lineage.recordMetrics(s, List.of(MetricPoint.of(1, "pages", 10), MetricPoint.of(2, "pages", 20)));
        lineage.recordMetrics(s, List.of(MetricPoint.of(2, "pages", 25)));
        List<MetricPoint> all = lineage.metrics(s, Long.MIN_VALUE);
        assertEquals(List.of(10.0, 25.0), all.stream().map(MetricPoint::value).toList());
        assertEquals(
                List.of(2L),
                lineage.metrics(s, 1).stream().map(MetricPoint::step).toList());
        assertThrows(IllegalArgumentException.class, () -> MetricPoint.of(3, "loss", Double.NaN));
    }

    @Test
    void runIdsResolveFromUniquePrefixesOnly() {
        String id = "prefix-" + UUID.randomUUID();
        lineage.beginPipelineRun(id, "demo", Map.of(), null);
        assertEquals(id, lineage.resolveRunId(id.substring(0, 20)).orElseThrow());
        assertTrue(lineage.resolveRunId("no-such-run-" + UUID.randomUUID()).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> lineage.resolveRunId("x'; DROP TABLE artifacts; --"));
    }
}
