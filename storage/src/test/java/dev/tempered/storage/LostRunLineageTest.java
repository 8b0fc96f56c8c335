package dev.tempered.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.testing.StorageFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code lost} status in lineage: a run recorded as running is marked lost with its running
 * stages (finished ones keep their outcome), ending at its last sign of life; a run that already
 * finished is never marked; and a rerun of the same work finds the newest unfinished attempt's
 * checkpoints in step order.
 */
class LostRunLineageTest {
    private static LineageStore lineage;

    @BeforeAll
    static void open() {
        lineage = StorageFixture.get().lineage();
    }

    private static UUID stage(String runId, int position, String cacheKey) {
        return lineage.startStageRun(
                new StageRunStart(runId, position, "pretrain", 1, cacheKey, Map.of(), List.of(), "wf-" + runId, null));
    }

    private static String artifact(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String digest = Digests.sha256Hex(bytes);
        lineage.recordArtifact(ArtifactRecord.of(
                new StoredObject(digest, bytes.length, ObjectKeys.forDigest(digest)), "checkpoint", "x/y", Map.of()));
        return digest;
    }

    @Test
    void aRunningRunIsMarkedLostWithItsRunningStagesAndAFinishedOneIsNot() {
        String runId = "lost-" + UUID.randomUUID();
        lineage.beginPipelineRun(runId, "demo", Map.of(), null);
        UUID done = stage(runId, 0, Digests.sha256Hex(("a" + runId).getBytes()));
        lineage.completeStageRun(done, List.of(), Map.of());
        UUID running = stage(runId, 1, Digests.sha256Hex(("b" + runId).getBytes()));
        lineage.recordMetrics(running, List.of(MetricPoint.of(1, "loss", 3.5)));

        assertTrue(lineage.runningRunIds().contains(runId));
        assertTrue(lineage.markRunLost(runId, "lost: the platform stopped"));

        PipelineRunRecord run = lineage.run(runId).orElseThrow();
        assertEquals(StageStatus.LOST, run.status());
        assertEquals("lost: the platform stopped", run.error());
        assertEquals(StageStatus.SUCCEEDED, run.stages().get(0).status());
        StageRunRecord lost = run.stages().get(1);
        assertEquals(StageStatus.LOST, lost.status());
        assertEquals("lost: the platform stopped", lost.error());
        // Ended at its last sign of life (the metric), not when the loss was noticed.
        assertTrue(!lost.finished().isBefore(lost.started()), lost.toString());
        assertEquals(lost.finished(), run.finished());
        assertFalse(lineage.runningRunIds().contains(runId));

        // Marked once: a second look changes nothing, and a finished run is never marked.
        assertFalse(lineage.markRunLost(runId, "lost: again"));
        assertEquals(
                "lost: the platform stopped", lineage.run(runId).orElseThrow().error());
        String finished = "finished-" + UUID.randomUUID();
        lineage.beginPipelineRun(finished, "demo", Map.of(), null);
        lineage.finishPipelineRun(finished, StageStatus.SUCCEEDED, null);
        assertFalse(lineage.markRunLost(finished, "lost: no"));
        assertEquals(StageStatus.SUCCEEDED, lineage.run(finished).orElseThrow().status());

        // Cleared by cancel: a lost stage can be ended as cancelled.
        lineage.endStageRun(lost.id(), StageStatus.CANCELLED, "lost: cleared");
        assertEquals(
                StageStatus.CANCELLED, lineage.stageRun(lost.id()).orElseThrow().status());
    }

    @Test
    void aRerunFindsTheNewestUnfinishedAttemptOfTheSameWorkWithItsCheckpointsInStepOrder() {
        String key = Digests.sha256Hex(("key " + UUID.randomUUID()).getBytes());
        String older = "older-" + UUID.randomUUID();
        lineage.beginPipelineRun(older, "p", Map.of(), null);
        UUID olderStage = stage(older, 0, key);
        lineage.addStageOutputs(olderStage, List.of(new NamedDigest("checkpoint_step_10", artifact(older + 10))));
        lineage.endStageRun(olderStage, StageStatus.FAILED, "boom");

        String newer = "newer-" + UUID.randomUUID();
        lineage.beginPipelineRun(newer, "p", Map.of(), null);
        UUID newerStage = stage(newer, 0, key);
        String at10 = artifact(newer + 10);
        String at20 = artifact(newer + 20);
        String at100 = artifact(newer + 100);
        // Linked out of order, and step 100 sorts after 20 by number, not by text.
        lineage.addStageOutputs(
                newerStage,
                List.of(
                        new NamedDigest("checkpoint_step_100", at100),
                        new NamedDigest("checkpoint_step_20", at20),
                        new NamedDigest("checkpoint_step_10", at10)));

        String rerun = "rerun-" + UUID.randomUUID();
        lineage.beginPipelineRun(rerun, "p", Map.of(), null);
        UUID rerunStage = stage(rerun, 0, key);
        // Still running: not unfinished, so the older failed attempt is the one found.
        assertEquals(
                olderStage,
                lineage.unfinishedAttemptOf(rerunStage).orElseThrow().stageRunId());

        assertTrue(lineage.markRunLost(newer, "lost: restart"));
        UnfinishedAttempt found = lineage.unfinishedAttemptOf(rerunStage).orElseThrow();
        assertEquals(newerStage, found.stageRunId());
        assertEquals(newer, found.pipelineRunId());
        assertEquals(
                List.of(
                        new NamedDigest("checkpoint_step_10", at10),
                        new NamedDigest("checkpoint_step_20", at20),
                        new NamedDigest("checkpoint_step_100", at100)),
                found.checkpoints());

        // Other work (another key) has no unfinished attempt.
        String other = "other-" + UUID.randomUUID();
        lineage.beginPipelineRun(other, "p", Map.of(), null);
        assertEquals(
                Optional.empty(), lineage.unfinishedAttemptOf(stage(other, 0, Digests.sha256Hex(other.getBytes()))));
    }
}
