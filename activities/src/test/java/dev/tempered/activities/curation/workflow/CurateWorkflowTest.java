package dev.tempered.activities.curation.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.pipeline.WorkflowRuns;
import dev.tempered.workflows.CurateWorkflow;
import dev.tempered.workflows.CurateWorkflowImpl;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The curate workflow's orchestration with activities that check its bookkeeping
 * ({@link FakeCurationActivities}); also records the histories that {@link CurateWorkflowReplayTest}
 * replays, when run with {@code -Dtempered.recordHistory=true} after an intended workflow change.
 */
class CurateWorkflowTest {
    static final Path HISTORIES = Path.of("src/test/resources/histories");

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    private static FakeCurationActivities start(TestWorkflowEnvironment env, int shards) {
        FakeCurationActivities activities = new FakeCurationActivities(shards, 0);
        env.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(CurateWorkflowImpl.class);
        env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(activities);
        env.start();
        return activities;
    }

    private static StageResult curate(WorkflowClient client, String workflowId) {
        return client.newWorkflowStub(
                        CurateWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(workflowId)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                .curate(new StageRequest(
                        "3f1c0c9e-8d55-4b7e-9a51-2f0e7d0c6a11",
                        Map.of("in", FakeCurationActivities.digest("raw manifest")),
                        Map.of("chunk_docs", 100)));
    }

    @Test
    void aFewShardsRunInOneWorkflowRun(TestWorkflowEnvironment env, WorkflowClient client) throws Exception {
        FakeCurationActivities activities = start(env, 5);
        String id = "curate-five-" + UUID.randomUUID();
        StageResult result = curate(client, id);
        assertEquals(5, ((Number) result.summary().get("shards")).intValue());
        assertEquals(5, activities.finalized.get());
        List<WorkflowExecutionHistory> runs = WorkflowRuns.chain(client, id);
        assertEquals(1, runs.size());
        record(runs.get(0), "curate-five-shards.json.gz");
    }

    @Test
    void aContinuedRunPicksUpWhereThePreviousStopped(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        FakeCurationActivities activities = start(env, 1_000);
        String id = "curate-thousand-" + UUID.randomUUID();
        StageResult result = curate(client, id);
        assertEquals(1_000, ((Number) result.summary().get("shards")).intValue());
        assertEquals(1_000, activities.curated.get());
        List<WorkflowExecutionHistory> runs = WorkflowRuns.chain(client, id);
        // Filter 0-499, filter 500-999, then dedup and finalize 0-499, then finalize 500-999 and the report.
        assertEquals(4, runs.size());
        String third = runs.get(2).toJson(false);
        assertTrue(
                third.contains("\"FindDuplicates\"") && third.contains("\"FinalizeCuratedShard\""),
                "run 3 dedups and finalizes");
        record(runs.get(2), "curate-continued-run.json.gz");
    }

    @Test
    void noShardsStillReport(TestWorkflowEnvironment env, WorkflowClient client) {
        start(env, 0);
        StageResult result = curate(client, "curate-none-" + UUID.randomUUID());
        assertEquals(0, ((Number) result.summary().get("shards")).intValue());
    }

    @Test
    void aDamagedShardFailsTheStageNamingIt(TestWorkflowEnvironment env, WorkflowClient client) {
        FakeCurationActivities activities = start(env, 300);
        activities.damagedShard = 117;
        WorkflowFailedException failure = assertThrows(
                WorkflowFailedException.class, () -> curate(client, "curate-damaged-" + UUID.randomUUID()));
        Throwable root = failure;
        while (root.getCause() != null) root = root.getCause();
        assertTrue(root.getMessage().contains("shard 117 is not gzip"), root.getMessage());
        assertEquals(0, activities.finalized.get(), "nothing is finalized after a failed filter phase");
    }

    private static void record(WorkflowExecutionHistory run, String file) throws Exception {
        if (!Boolean.getBoolean("tempered.recordHistory")) return;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(HISTORIES.resolve(file)))) {
            out.write(run.toJson(true).getBytes(StandardCharsets.UTF_8));
        }
    }
}
