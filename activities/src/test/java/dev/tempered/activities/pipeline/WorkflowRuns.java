package dev.tempered.activities.pipeline;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.List;

/** The histories of a workflow id's runs, for tests of workflows that continue as new. */
public final class WorkflowRuns {
    private WorkflowRuns() {}

    /** Every run of {@code workflowId}, first to last, following continue-as-new. */
    public static List<WorkflowExecutionHistory> chain(WorkflowClient client, String workflowId) {
        List<WorkflowExecutionHistory> runs = new ArrayList<>();
        String runId = client.fetchHistory(workflowId)
                .getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getFirstExecutionRunId();
        while (runId != null) {
            WorkflowExecutionHistory run = client.fetchHistory(workflowId, runId);
            runs.add(run);
            HistoryEvent last = run.getLastEvent();
            runId = last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
                    ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
                    : null;
        }
        return runs;
    }
}
