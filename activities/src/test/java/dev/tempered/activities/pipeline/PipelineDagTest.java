package dev.tempered.activities.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.workflows.PipelineResult;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.StageProgress;
import dev.tempered.workflows.StageSpec;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Independent branches of a pipeline run at the same time, with the real activities and stores:
 * two ingests of different sources, each followed by a slow stage; the branches overlap in time
 * and give the same outputs as each branch run alone, one stage after another. A failed branch
 * lets the other finish and fails the run naming the stage.
 */
class PipelineDagTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    /** Long enough that the two slow stages must overlap when they run side by side. */
    private static final int SLOW_MS = 2_000;

    @org.junit.jupiter.api.BeforeAll
    static void storage() {
        PipelineWorkflowTest.storage();
    }

    private static List<StageSpec> branch(String name, String sources, long salt) {
        return List.of(
                new StageSpec("ingest", Map.of("shard_max_mb", 1), Map.of("sources", sources), "ingest-" + name),
                new StageSpec(
                        "noop",
                        Map.of("duration_ms", SLOW_MS, "salt", salt),
                        Map.of("in", "stage:ingest-" + name + ".manifest"),
                        "slow-" + name));
    }

    private static Map<String, String> outputs(PipelineResult r) {
        return r.stages().stream().collect(Collectors.toMap(StageProgress::stage, StageProgress::primaryOutput));
    }

    @Test
    @Timeout(300)
    void independentBranchesOverlapAndGiveTheSerialOutputs(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        PipelineWorkflowTest.startWorkers(env);
        String sourcesA = PipelineWorkflowTest.importHtmlFixtures();
        String sourcesB = PipelineWorkflowTest.importHtmlFixtures();
        long salt = System.nanoTime();

        // Each branch alone: a linear pipeline, one stage after another.
        Map<String, String> serial = new java.util.HashMap<>();
        serial.putAll(outputs(PipelineWorkflowTest.run(
                client,
                new PipelineSpec("dag-a", branch("a", sourcesA, salt)),
                true,
                "serial-a-" + UUID.randomUUID())));
        serial.putAll(outputs(PipelineWorkflowTest.run(
                client,
                new PipelineSpec("dag-b", branch("b", sourcesB, salt)),
                true,
                "serial-b-" + UUID.randomUUID())));

        // Both branches in one pipeline, interleaved in the spec; a join reads branch a.
        List<StageSpec> a = branch("a", sourcesA, salt);
        List<StageSpec> b = branch("b", sourcesB, salt);
        PipelineSpec dag = new PipelineSpec(
                "dag",
                List.of(
                        a.get(0),
                        a.get(1),
                        b.get(0),
                        b.get(1),
                        new StageSpec("noop", Map.of("salt", salt), Map.of("in", "stage:slow-a"), "join")));
        String runId = "dag-" + UUID.randomUUID();
        PipelineResult result = PipelineWorkflowTest.run(client, dag, true, runId);

        Map<String, String> parallel = outputs(result);
        for (String stage : List.of("ingest-a", "slow-a", "ingest-b", "slow-b")) {
            assertEquals(serial.get(stage), parallel.get(stage), stage + " gives the same output as alone");
        }
        assertNotEquals(parallel.get("ingest-a"), parallel.get("ingest-b"), "the branches read different sources");
        assertEquals(parallel.get("slow-a"), parallel.get("join"));

        PipelineRunRecord run = PipelineWorkflowTest.lineageStore().run(runId).orElseThrow();
        assertEquals(StageStatus.SUCCEEDED, run.status());
        Map<Integer, StageRunRecord> byPosition =
                run.stages().stream().collect(Collectors.toMap(StageRunRecord::position, Function.identity()));
        StageRunRecord slowA = byPosition.get(1);
        StageRunRecord ingestB = byPosition.get(2);
        StageRunRecord slowB = byPosition.get(3);
        StageRunRecord join = byPosition.get(4);
        assertTrue(
                slowA.started().isBefore(slowB.finished()) && slowB.started().isBefore(slowA.finished()),
                "the slow stages overlap: a " + slowA.started() + "–" + slowA.finished() + ", b " + slowB.started()
                        + "–" + slowB.finished());
        assertTrue(ingestB.started().isBefore(slowA.finished()), "branch b does not wait for branch a");
        assertTrue(!join.started().isBefore(slowA.finished()), "the join waits for its input");
        // Branches in flight together still replay: the order of commands is fixed by position.
        io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(
                client.fetchHistory(runId), dev.tempered.workflows.PipelineWorkflowImpl.class);
    }

    @Test
    @Timeout(300)
    void aFailedBranchLetsTheOtherFinishAndFailsTheRunNamingIt(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        PipelineWorkflowTest.startWorkers(env);
        String sources = PipelineWorkflowTest.importHtmlFixtures();
        long salt = System.nanoTime();
        List<StageSpec> ok = branch("ok", sources, salt);
        PipelineSpec dag = new PipelineSpec(
                "dag-fail",
                List.of(
                        ok.get(0),
                        ok.get(1),
                        // Becomes ready with slow-ok, after it in the spec, and fails resolving its input
                        // while slow-ok runs.
                        new StageSpec("noop", Map.of("salt", salt), Map.of("in", "stage:ingest-ok.nope"), "broken"),
                        new StageSpec("noop", Map.of("salt", salt), Map.of("in", "stage:broken"), "after-broken")));
        String runId = "dag-fail-" + UUID.randomUUID();
        WorkflowFailedException e = org.junit.jupiter.api.Assertions.assertThrows(
                WorkflowFailedException.class, () -> PipelineWorkflowTest.run(client, dag, true, runId));
        String message = String.valueOf(e.getCause().getMessage());
        assertTrue(message.contains("stage broken failed"), message);
        assertTrue(message.contains("stage 'ingest-ok' has no output 'nope'"), message);
        PipelineRunRecord run = PipelineWorkflowTest.lineageStore().run(runId).orElseThrow();
        assertEquals(StageStatus.FAILED, run.status());
        Map<Integer, StageRunRecord> byPosition =
                run.stages().stream().collect(Collectors.toMap(StageRunRecord::position, Function.identity()));
        assertEquals(StageStatus.SUCCEEDED, byPosition.get(1).status(), "the other branch ran to its end");
        assertTrue(
                !byPosition.containsKey(2) && !byPosition.containsKey(3),
                "the broken stage never started, nor anything after it: " + byPosition.keySet());
    }

    private static StageSpec noop(String id, String from, int ms, long salt) {
        return new StageSpec("noop", Map.of("duration_ms", ms, "salt", salt), Map.of("in", "stage:" + from), id);
    }

    /**
     * The demo's shape: three stages start together after one, the fastest's successors start while
     * the other two still run, and chains continue after them.
     */
    @Test
    @Timeout(300)
    void successorsStartWhileSiblingsStillRunAndEveryStageRuns(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        PipelineWorkflowTest.startWorkers(env);
        String sources = PipelineWorkflowTest.importHtmlFixtures();
        long salt = System.nanoTime();
        PipelineSpec dag = new PipelineSpec(
                "dag-demo-shape",
                List.of(
                        new StageSpec("ingest", Map.of("shard_max_mb", 1), Map.of("sources", sources), "ingest"),
                        new StageSpec("noop", Map.of("salt", salt), Map.of("in", "stage:ingest.manifest"), "pre"),
                        noop("sample", "pre", 1500, salt),
                        noop("sft", "pre", 300, salt),
                        noop("probe", "sft", 300, salt),
                        noop("sft2", "probe", 300, salt),
                        noop("eval-base", "pre", 2000, salt),
                        noop("eval-sft", "sft", 0, salt),
                        noop("eval-2", "sft2", 0, salt)));
        String runId = "dag-shape-" + UUID.randomUUID();
        PipelineResult result = PipelineWorkflowTest.run(client, dag, true, runId);
        assertEquals(
                List.of("ingest", "pre", "sample", "sft", "probe", "sft2", "eval-base", "eval-sft", "eval-2"),
                result.stages().stream().map(StageProgress::stage).toList());
        assertTrue(
                result.stages().stream().allMatch(s -> "succeeded".equals(s.status())),
                result.stages().toString());
        PipelineRunRecord run = PipelineWorkflowTest.lineageStore().run(runId).orElseThrow();
        assertEquals(9, run.stages().size(), "every stage ran");
    }
}
