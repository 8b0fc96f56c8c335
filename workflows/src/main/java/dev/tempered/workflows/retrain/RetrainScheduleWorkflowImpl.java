package dev.tempered.workflows.retrain;

import dev.tempered.workflows.TaskQueues;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Sleep to the next interval boundary, start the firing (unless paused), repeat; continue as new
 * every {@link #FIRINGS_PER_HISTORY} firings so the history stays small.
 */
public class RetrainScheduleWorkflowImpl implements RetrainScheduleWorkflow {
    /** Firings per workflow run before continue-as-new: a few events each, far under Temporal's limits. */
    static final int FIRINGS_PER_HISTORY = 100;

    private static final DateTimeFormatter FIRING_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private boolean paused;

    @Override
    public void run(RetrainScheduleRequest request) {
        paused = request.paused();
        long firings = request.firingsSoFar();
        long intervalMs = request.intervalSeconds() * 1000;
        for (int i = 0; i < FIRINGS_PER_HISTORY; i++) {
            long now = Workflow.currentTimeMillis();
            // Aligned to the epoch: a restarted schedule keeps the same firing times.
            long next = (now / intervalMs + 1) * intervalMs;
            Workflow.sleep(Duration.ofMillis(next - now));
            if (paused) continue;
            RetrainFiringWorkflow firing = Workflow.newChildWorkflowStub(
                    RetrainFiringWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(request.name() + "-" + FIRING_TIME.format(Instant.ofEpochMilli(next)))
                            .setTaskQueue(TaskQueues.WORKFLOWS)
                            // Deleting or continuing the schedule must not stop a retrain it started.
                            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                            .build());
            Async.function(firing::fire, request.name());
            Workflow.getWorkflowExecution(firing).get();
            firings++;
        }
        Workflow.continueAsNew(new RetrainScheduleRequest(request.name(), request.intervalSeconds(), paused, firings));
    }

    @Override
    public void setPaused(boolean paused) {
        this.paused = paused;
    }

    @Override
    public boolean paused() {
        return paused;
    }
}
