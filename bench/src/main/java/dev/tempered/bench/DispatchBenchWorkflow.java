package dev.tempered.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The bare-Temporal peer: a workflow that only calls a no-op activity, with none of Tempered's
 * lineage bookkeeping. Registered on {@link #TASK_QUEUE} by the bench alone, never by the platform.
 */
@WorkflowInterface
public interface DispatchBenchWorkflow {
    String TASK_QUEUE = "tempered-bench";

    /** Calls {@link DispatchBenchActivities#benchPing} {@code calls} times, one after the other. */
    @WorkflowMethod
    int pingSequentially(int calls);
}
