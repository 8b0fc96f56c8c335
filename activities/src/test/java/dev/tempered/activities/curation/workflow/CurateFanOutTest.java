package dev.tempered.activities.curation.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.pipeline.WorkflowRuns;
import dev.tempered.workflows.CurateWorkflowImpl;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.TaskQueues;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 2,000 shards through the real curate workflow on the embedded Temporal server, with activities
 * that check the workflow's bookkeeping instead of curating (the real activities are covered by
 * CurateStageTest and CurateShardResumeTest on the real corpus). The old all-at-once fan-out put
 * 2,000 results into one payload and 2,000 pending activities into one run; here every event stays
 * far under Temporal's 256 KB payload warning, a bounded number of activities run at once, and the
 * parent still gets one result from a chain of continued runs.
 */
class CurateFanOutTest {
    static final int SHARDS = 2_000;
    /** Temporal warns at 256 KB per payload; an event holds at most one request or result. */
    static final int MAX_EVENT_BYTES = 256 * 1024;
    /** 500 shard activities per run at about 3 events each plus workflow tasks. */
    static final int MAX_EVENTS_PER_RUN = 4_000;

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    @Test
    void twoThousandShardsRunInABoundedWindowWithSmallPayloadsAndBoundedHistories(
            TestWorkflowEnvironment env, WorkflowClient client) {
        FakeCurationActivities activities = new FakeCurationActivities(SHARDS, 64);
        Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(CurateParent.Impl.class, CurateWorkflowImpl.class);
        env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(activities);
        env.start();

        String parentId = "fan-out-" + UUID.randomUUID();
        StageResult result = client.newWorkflowStub(
                        CurateParent.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(parentId)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                .run(new StageRequest(
                        UUID.randomUUID().toString(),
                        Map.of("in", FakeCurationActivities.digest("raw manifest")),
                        Map.of()));

        assertEquals(SHARDS, ((Number) result.summary().get("shards")).intValue());
        assertEquals(7L, ((Number) result.summary().get("duplicates")).longValue());
        assertEquals(SHARDS, activities.curated.get());
        assertEquals(SHARDS, activities.finalized.get());
        // The first 64 filter activities wait for each other, so the window filled; it never overflowed.
        assertEquals(64, activities.maxInFlight());

        List<WorkflowExecutionHistory> runs = WorkflowRuns.chain(client, parentId + "-curate");
        // Four runs of 500 filter activities, then four of 500 finalize activities, the last also reporting.
        assertEquals(8, runs.size());
        for (WorkflowExecutionHistory run : runs) {
            List<HistoryEvent> events = run.getEvents();
            assertTrue(events.size() <= MAX_EVENTS_PER_RUN, "a run of " + events.size() + " events");
            for (HistoryEvent e : events) {
                assertTrue(
                        e.getSerializedSize() < MAX_EVENT_BYTES,
                        e.getEventType() + " #" + e.getEventId() + " is " + e.getSerializedSize() + " bytes");
            }
        }
        long largest = runs.stream()
                .flatMap(r -> r.getEvents().stream())
                .mapToLong(HistoryEvent::getSerializedSize)
                .max()
                .orElseThrow();
        System.out.println("curate fan-out: " + runs.size() + " runs, events per run "
                + runs.stream().map(r -> r.getEvents().size()).toList() + ", largest event " + largest + " bytes");
    }
}
