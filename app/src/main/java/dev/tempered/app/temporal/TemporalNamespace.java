package dev.tempered.app.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the configured namespace on a self-hosted Temporal server that does not have it yet
 * (a fresh server has none; Temporal Cloud namespaces are made in its console and already exist).
 */
public final class TemporalNamespace {
    private static final Logger log = LoggerFactory.getLogger(TemporalNamespace.class);
    /** How long closed workflow histories stay queryable; lineage in PostgreSQL keeps the record for good. */
    static final Duration RETENTION = Duration.ofDays(7);
    /** Ten cache refreshes: past that, something else is wrong and the NOT_FOUND is reported. */
    private static final Duration USABLE_WITHIN = Duration.ofSeconds(20);

    private TemporalNamespace() {}

    public static void ensure(WorkflowServiceStubs stubs, String namespace) {
        try {
            stubs.blockingStub()
                    .describeNamespace(DescribeNamespaceRequest.newBuilder()
                            .setNamespace(namespace)
                            .build());
            return;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) throw e;
        }
        try {
            stubs.blockingStub()
                    .registerNamespace(RegisterNamespaceRequest.newBuilder()
                            .setNamespace(namespace)
                            .setWorkflowExecutionRetentionPeriod(
                                    com.google.protobuf.Duration.newBuilder().setSeconds(RETENTION.toSeconds()))
                            .setDescription("Tempered pipelines")
                            .build());
            log.info("registered Temporal namespace {} (retention {} days)", namespace, RETENTION.toDays());
        } catch (StatusRuntimeException e) {
            // Another process registered it first.
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) throw e;
        }
        awaitUsable(stubs, namespace);
    }

    /**
     * A new namespace reaches the frontend's namespace cache a couple of seconds after it is
     * registered (system.namespaceCacheRefreshInterval, 2 s); calls before that fail with NOT_FOUND.
     */
    private static void awaitUsable(WorkflowServiceStubs stubs, String namespace) {
        long deadline = System.nanoTime() + USABLE_WITHIN.toNanos();
        while (true) {
            try {
                stubs.blockingStub()
                        .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                                .setNamespace(namespace)
                                .setTaskQueue(TaskQueue.newBuilder().setName("tempered-namespace-probe"))
                                .build());
                return;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND || System.nanoTime() > deadline) throw e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for namespace " + namespace, e);
            }
        }
    }
}
