package dev.tempered.activities.curation.workflow;

import dev.tempered.workflows.CurateWorkflow;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.TaskQueues;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Starts curate as a child the way the pipeline workflow does, and returns what it gets back. */
@WorkflowInterface
public interface CurateParent {
    @WorkflowMethod
    StageResult run(StageRequest request);

    class Impl implements CurateParent {
        @Override
        public StageResult run(StageRequest request) {
            return Workflow.newChildWorkflowStub(
                            CurateWorkflow.class,
                            ChildWorkflowOptions.newBuilder()
                                    .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-curate")
                                    .setTaskQueue(TaskQueues.WORKFLOWS)
                                    .build())
                    .curate(request);
        }
    }
}
