package dev.tempered.workflows;

import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Opens the project, (optionally) runs the simulated labelers, waits for the quorum or the
 * deadline, snapshots. PostgreSQL is the system of record: the wait reads counts from it on every
 * signal and at least every {@code pollSeconds}, so a lost signal, a killed worker or a killed web
 * server costs at most one poll interval. The history stays bounded: after
 * {@link #MAX_HISTORY_EVENTS} events (signals included) the workflow continues as new with the same
 * request, and {@code openLabelProject} finds the project it created.
 */
public class LabelWorkflowImpl implements LabelWorkflow {
    /** Continue-as-new threshold: well under Temporal's 10,240-event warning. */
    static final int MAX_HISTORY_EVENTS = 2_000;

    private boolean nudged;

    @Override
    public StageResult label(StageRequest request) {
        String projectId = Workflow.getInfo().getWorkflowId();
        LabelActivities.ProjectRequest project = new LabelActivities.ProjectRequest(request, projectId);
        // Every activity runs on the model queue of the stage's device, where the stage's
        // implementation is registered (as probe's do).
        String queue = modelQueue(request);
        LabelActivities generation =
                Workflow.newActivityStub(LabelActivities.class, StageActivityOptions.labelGeneration(queue));
        LabelActivities status =
                Workflow.newActivityStub(LabelActivities.class, StageActivityOptions.labelStatus(queue));
        LabelActivities bookkeeping =
                Workflow.newActivityStub(LabelActivities.class, StageActivityOptions.labelBookkeeping(queue));
        LabelActivities.OpenProject open = generation.openLabelProject(project);
        if (open.simulatedLabelers() > 0) {
            Workflow.newActivityStub(LabelActivities.class, StageActivityOptions.labelSimulation(queue))
                    .simulateLabelers(project);
        }
        while (true) {
            if (status.labelingStatus(project).done()) break;
            if (Workflow.getInfo().getHistoryLength() > MAX_HISTORY_EVENTS) {
                Workflow.continueAsNew(request);
            }
            long untilDeadline = open.deadlineMillis() - Workflow.currentTimeMillis();
            Duration wait =
                    Duration.ofMillis(Math.max(1_000, Math.min(untilDeadline + 1_000, open.pollSeconds() * 1_000L)));
            Workflow.await(wait, () -> nudged);
            nudged = false;
        }
        return bookkeeping.snapshotLabels(project);
    }

    @Override
    public void labelsSubmitted() {
        nudged = true;
    }

    private static String modelQueue(StageRequest request) {
        return "gpu".equals(request.params().get("device")) ? TaskQueues.GPU : TaskQueues.MODEL;
    }
}
