package dev.tempered.workflows;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The fallback scheduler: sleep to the next interval boundary, run the pipeline as a child, repeat.
 * A failed run is recorded in lineage like any other and does not stop the schedule.
 */
public class PipelineScheduleWorkflowImpl implements PipelineScheduleWorkflow {
    /** Firings per workflow run before continue-as-new, so the history stays small for years of runs. */
    static final int FIRINGS_PER_HISTORY = 50;

    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private PipelineScheduleRequest request;
    private long runsSoFar;
    private String lastRunId;
    private long nextFire;

    @Override
    public void run(PipelineScheduleRequest request) {
        this.request = request;
        this.runsSoFar = request.runsSoFar();
        long intervalMs = request.intervalSeconds() * 1000;
        for (int firing = 0; firing < FIRINGS_PER_HISTORY; firing++) {
            long now = Workflow.currentTimeMillis();
            // Aligned to the epoch: a restart of the schedule keeps the same firing times.
            nextFire = (now / intervalMs + 1) * intervalMs;
            Workflow.sleep(Duration.ofMillis(nextFire - now));
            lastRunId = request.name() + "-" + RUN_TIME.format(Instant.ofEpochMilli(nextFire));
            runsSoFar++;
            PipelineWorkflow pipeline = Workflow.newChildWorkflowStub(
                    PipelineWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(lastRunId)
                            .setTaskQueue(TaskQueues.WORKFLOWS)
                            // Deleting the schedule must not kill the run it started.
                            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                            .build());
            try {
                // Waiting means a firing that falls inside a run is skipped, as with a Schedule's SKIP policy.
                pipeline.run(new PipelineRequest(lastRunId, request.spec(), request.noCache()));
            } catch (io.temporal.failure.ChildWorkflowFailure e) {
                Workflow.getLogger(PipelineScheduleWorkflowImpl.class)
                        .warn("scheduled run {} failed: {}", lastRunId, e.getMessage());
            }
        }
        Workflow.continueAsNew(new PipelineScheduleRequest(
                request.name(), request.intervalSeconds(), request.spec(), request.noCache(), runsSoFar));
    }

    @Override
    public PipelineScheduleState state() {
        return new PipelineScheduleState(request.name(), request.intervalSeconds(), runsSoFar, lastRunId, nextFire);
    }
}
