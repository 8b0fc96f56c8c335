package dev.tempered.app.temporal;

import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs that lineage still shows as running but that Temporal no longer runs: their workflow
 * is gone (the embedded server keeps workflows in memory, so a platform restart loses them) or
 * was terminated from outside. Asked of Temporal's visibility, or of its list-open API where
 * the server has no visibility queries; each run missing from that list is then described one
 * by one, because visibility lags behind a workflow that has just started and only a
 * describe is up to date. A run Temporal cannot be asked about is not called lost.
 */
public final class LostRuns {
    private LostRuns() {}

    /** {@code caps} is asked only when some run is recorded as running: listing finished runs costs no Temporal call. */
    public static Set<String> among(
            List<PipelineRunRecord> runs, WorkflowClient client, Supplier<TemporalCapabilities> caps) {
        List<String> running = runs.stream()
                .filter(r -> r.status() == StageStatus.RUNNING)
                .map(PipelineRunRecord::id)
                .toList();
        if (running.isEmpty()) return Set.of();
        Set<String> open = OpenWorkflows.ids(
                client.getWorkflowServiceStubs(), client.getOptions().getNamespace(), caps.get(), "PipelineWorkflow");
        return running.stream()
                .filter(id -> !open.contains(id))
                .filter(id -> notRunning(client, id))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** True when Temporal says the workflow is closed or unknown; false when running or when it cannot answer. */
    private static boolean notRunning(WorkflowClient client, String workflowId) {
        try {
            WorkflowExecutionStatus status = client.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getWorkflowExecutionInfo()
                    .getStatus();
            return status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.NOT_FOUND;
        }
    }
}
