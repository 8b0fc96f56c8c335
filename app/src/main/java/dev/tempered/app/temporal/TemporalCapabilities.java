package dev.tempered.app.temporal;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * What the connected Temporal service can do beyond running workflows. The real server has
 * Schedules and visibility queries; Temporal's Java test server (the embedded default) has
 * neither. Asked once: the server's system info for Schedules, a small query for visibility (an
 * UNIMPLEMENTED answer means "not here").
 *
 * @param schedules         Temporal Schedules (create, list, delete)
 * @param visibilityQueries {@code ListWorkflowExecutions} with a SQL-like query
 */
public record TemporalCapabilities(boolean schedules, boolean visibilityQueries) {
    public static TemporalCapabilities probe(WorkflowServiceStubs stubs, String namespace) {
        // The server says whether it runs Schedules; visibility queries have no such flag, so one
        // small query is tried (visibility calls are rate-limited: retried when told to slow down).
        boolean schedules = stubs.blockingStub()
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
                .getCapabilities()
                .getSupportsSchedules();
        boolean visibility = answers(() -> RateLimitedCalls.call(() -> stubs.blockingStub()
                .listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setPageSize(1)
                        .setQuery("ExecutionStatus = 'Running'")
                        .build())));
        return new TemporalCapabilities(schedules, visibility);
    }

    private static boolean answers(Runnable call) {
        try {
            call.run();
            return true;
        } catch (StatusRuntimeException e) {
            return switch (e.getStatus().getCode()) {
                case UNIMPLEMENTED -> false;
                // Unreachable or timed out: nothing is known, so do not guess.
                case UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED, PERMISSION_DENIED -> throw e;
                // Rate-limited or refused for this request: the method exists.
                default -> true;
            };
        }
    }
}
