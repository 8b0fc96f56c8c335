package dev.tempered.app.temporal;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.lineage.ModelRegistryRepository;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.workflows.TaskQueues;
import dev.tempered.workflows.registry.PromotionRequest;
import dev.tempered.workflows.registry.PromotionWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the promotion workflows that the registry says are still gating or awaiting approval
 * but Temporal no longer runs: the embedded server keeps workflows in memory, so after a platform
 * restart an admin's approval would find nothing to decide. The restarted workflow has the same id
 * and request; it gates again (against production as it is now, which may have moved) and waits
 * for the decision. A promotion whose workflow still runs (an external cluster) is left alone.
 */
public final class PromotionRecovery {
    private static final Logger log = LoggerFactory.getLogger(PromotionRecovery.class);

    private PromotionRecovery() {}

    /** Returns the ids of the promotions it restarted. */
    public static List<String> restartOrphans(WorkflowClient client, LineageStore lineage) {
        ModelRegistryRepository registry = lineage.modelRegistry();
        List<String> restarted = new ArrayList<>();
        for (Promotion p : registry.undecidedPromotions()) {
            if (running(client, p.id())) continue;
            PromotionWorkflow wf = client.newWorkflowStub(
                    PromotionWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId(p.id())
                            .setTaskQueue(TaskQueues.WORKFLOWS)
                            // A closed run by this id (terminated by hand) does not block the restart.
                            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                            .build());
            try {
                WorkflowClient.start(
                        wf::promote,
                        new PromotionRequest(p.id(), p.model(), p.version(), p.tolerance(), p.requestedBy()));
                restarted.add(p.id());
                log.info(
                        "restarted promotion {} ({} version {}): it was {} when Temporal lost it",
                        p.id(),
                        p.model(),
                        p.version(),
                        p.status());
            } catch (WorkflowExecutionAlreadyStarted e) {
                // Another process restarted it first.
            }
        }
        return restarted;
    }

    /** Whether Temporal runs a workflow by this id now (false when it has never heard of it). */
    static boolean running(WorkflowClient client, String id) {
        try {
            var response = client.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                            .build());
            return response.getWorkflowExecutionInfo().getStatus()
                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return false;
            throw e;
        }
    }
}
