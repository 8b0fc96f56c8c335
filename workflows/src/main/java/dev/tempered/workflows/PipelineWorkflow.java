package dev.tempered.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs the stages of a pipeline in order, recording every stage run in lineage and passing only
 * digests between them. Cancel it through the workflow stub; stage runs then end as cancelled.
 */
@WorkflowInterface
public interface PipelineWorkflow {
    @WorkflowMethod
    PipelineResult run(PipelineRequest request);

    @QueryMethod
    PipelineProgress progress();
}
