package dev.tempered.workflows;

import io.temporal.activity.ActivityInterface;

/** The activities of {@link LabelWorkflow}. */
@ActivityInterface
public interface LabelActivities {
    /** The stage's request and the project's id (the label workflow's id). */
    record ProjectRequest(StageRequest request, String projectId) {}

    /**
     * The open project.
     *
     * @param deadlineMillis epoch milliseconds after which the project takes no more labels
     * @param pollSeconds how often the workflow reads the counts when no signal comes
     * @param simulatedLabelers how many simulated labelers the stage runs (0 for people only)
     */
    record OpenProject(String projectId, int tasks, long deadlineMillis, int pollSeconds, int simulatedLabelers) {}

    /** Whether the project is finished: every task has its quorum, or the deadline has passed. */
    record LabelingStatus(int tasks, int closedTasks, long submissions, boolean done) {}

    /**
     * Generates K responses per prompt with the chat model and creates the project; when the
     * project exists already (a retry, a continued-as-new run) returns it without generating.
     */
    OpenProject openLabelProject(ProjectRequest request);

    /** Runs the simulated labelers against the label API until they have nothing left to label. */
    long simulateLabelers(ProjectRequest request);

    /** Reads the project's counts from the database. */
    LabelingStatus labelingStatus(ProjectRequest request);

    /** Closes the project and writes preferences, demonstrations and the labeling report from the database. */
    StageResult snapshotLabels(ProjectRequest request);
}
