package dev.tempered.workflows.retrain;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One firing of a label-driven retraining schedule: counts the labels acknowledged since the last
 * retrain and either records a skipped firing with the count or snapshots them, runs the
 * post-training pipeline (upstream stages come from the cache) and ends in a promotion request
 * for the new candidate. The action of a real Temporal Schedule, and the child that the fallback
 * {@link RetrainScheduleWorkflow} starts on the embedded server.
 */
@WorkflowInterface
public interface RetrainFiringWorkflow {
    /** Returns the firing's status: skipped, overlap, paused, succeeded or failed. */
    @WorkflowMethod
    String fire(String schedule);
}
