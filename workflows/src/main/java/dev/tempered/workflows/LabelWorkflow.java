package dev.tempered.workflows;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Stage {@code label} as a child workflow: {@code openLabelProject} generates the responses and
 * creates the project, its tasks and assignments in PostgreSQL (the project's id is this
 * workflow's id); the workflow then waits, hours or days, until every task has its quorum or the
 * deadline passes, and {@code snapshotLabels} writes the artifacts from the database.
 */
@WorkflowInterface
public interface LabelWorkflow {
    /** The signal's name, for senders without this interface (the web server). */
    String SUBMITTED_SIGNAL = "labelsSubmitted";

    @WorkflowMethod
    StageResult label(StageRequest request);

    /**
     * A nudge that labels were stored: the workflow reads the counts now instead of at its next
     * timer. Nothing depends on it arriving; the counts come from the database.
     */
    @SignalMethod(name = SUBMITTED_SIGNAL)
    void labelsSubmitted();
}
