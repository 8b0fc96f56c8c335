package dev.tempered.app.temporal;

import com.google.protobuf.ByteString;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ids of the open (running) workflows of one type. With visibility queries the server
 * filters ({@code WorkflowType = … AND ExecutionStatus = 'Running'}); without them (the embedded
 * server) the older list-open API with a type filter gives the same set.
 */
public final class OpenWorkflows {
    private static final int PAGE = 500;

    private OpenWorkflows() {}

    public static Set<String> ids(
            WorkflowServiceStubs stubs, String namespace, TemporalCapabilities caps, String workflowType) {
        Set<String> ids = new LinkedHashSet<>();
        // Checked here too: the embedded test server ignores the list-open API's type filter.
        Consumer<WorkflowExecutionInfo> add = info -> {
            if (info.getType().getName().equals(workflowType))
                ids.add(info.getExecution().getWorkflowId());
        };
        ByteString token = ByteString.EMPTY;
        do {
            if (caps.visibilityQueries()) {
                ListWorkflowExecutionsRequest request = ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setPageSize(PAGE)
                        .setNextPageToken(token)
                        // The type is a workflow interface's simple name: no quotes to escape.
                        .setQuery("WorkflowType = '" + workflowType + "' AND ExecutionStatus = 'Running'")
                        .build();
                ListWorkflowExecutionsResponse page =
                        RateLimitedCalls.call(() -> stubs.blockingStub().listWorkflowExecutions(request));
                page.getExecutionsList().forEach(add);
                token = page.getNextPageToken();
            } else {
                ListOpenWorkflowExecutionsRequest request = ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(PAGE)
                        .setNextPageToken(token)
                        .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(workflowType))
                        .build();
                ListOpenWorkflowExecutionsResponse page =
                        RateLimitedCalls.call(() -> stubs.blockingStub().listOpenWorkflowExecutions(request));
                page.getExecutionsList().forEach(add);
                token = page.getNextPageToken();
            }
        } while (!token.isEmpty());
        return ids;
    }
}
