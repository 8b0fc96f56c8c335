package dev.tempered.workflows.retrain;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Fires a retraining schedule every interval on Temporal services without Schedules (the embedded
 * server): each firing is a {@link RetrainFiringWorkflow} child, started and left to run, so that
 * a firing due while a retrain runs still happens and records itself as an overlap, as the
 * firings of a real Schedule do.
 */
@WorkflowInterface
public interface RetrainScheduleWorkflow {
    @WorkflowMethod
    void run(RetrainScheduleRequest request);

    /** Holds (true) or resumes (false) the firings; a pause takes effect at the next firing time. */
    @SignalMethod
    void setPaused(boolean paused);

    /** Whether the schedule is paused now. */
    @QueryMethod
    boolean paused();
}
