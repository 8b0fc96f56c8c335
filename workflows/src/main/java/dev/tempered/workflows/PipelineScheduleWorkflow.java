package dev.tempered.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs a pipeline every {@code interval}, for Temporal services without Schedules (the embedded
 * test server). Where the server has Schedules, the platform creates a real Schedule instead;
 * both start the same {@link PipelineWorkflow}, one run at a time, skipping a firing while the
 * previous run is still going (a Schedule's default overlap policy).
 */
@WorkflowInterface
public interface PipelineScheduleWorkflow {
    @WorkflowMethod
    void run(PipelineScheduleRequest request);

    @QueryMethod
    PipelineScheduleState state();
}
