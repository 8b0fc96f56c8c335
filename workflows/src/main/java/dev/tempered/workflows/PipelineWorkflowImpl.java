package dev.tempered.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans, runs and records the stages, each as soon as the stages it reads from have finished: the
 * spec's inputs are the graph ({@link StageGraph}), so independent branches run at the same time
 * and a linear pipeline runs exactly as before, one stage after another, issuing the same
 * commands (the recorded histories replay). A failed stage stops new starts; the branches still
 * running finish and are recorded, then the run fails naming the stage. All decisions that are not orchestration (cache
 * keys, param validation, what "cached" means, which activity or child workflow runs a stage on
 * which queue) live in {@link LineageActivities}.
 */
public class PipelineWorkflowImpl implements PipelineWorkflow {
    private final LineageActivities lineage =
            Workflow.newActivityStub(LineageActivities.class, StageActivityOptions.lineage());

    private String runId;
    private String status = "running";
    private final List<StageProgress> stages = new ArrayList<>();

    @Override
    public PipelineResult run(PipelineRequest request) {
        WorkflowInfo info = Workflow.getInfo();
        // A Temporal Schedule cannot vary its arguments per firing: its runs take the workflow id
        // it gives each one (the schedule's id plus the firing time), unique per run.
        runId = request.runId() != null ? request.runId() : info.getWorkflowId();
        for (StageSpec spec : request.spec().stages()) stages.add(StageProgress.pending(spec.key()));
        lineage.beginPipelineRun(new LineageActivities.BeginRunRequest(runId, request.spec(), info.getRunId()));

        List<StageSpec> specs = request.spec().stages();
        List<Set<Integer>> upstream = StageGraph.upstream(specs);
        StageResult[] results = new StageResult[specs.size()];
        boolean[] started = new boolean[specs.size()];
        // Position order, so that the next stage to start and the next result to read are always
        // the same ones on a replay.
        Map<Integer, Promise<StageResult>> running = new TreeMap<>();
        TemporalFailure failure = null;
        int failedAt = 0;
        try {
            while (true) {
                // Once a stage has failed no other starts; those running finish, so that their
                // outputs are recorded and the next run of the pipeline takes them from the cache.
                for (int position = 0; failure == null && position < specs.size(); position++) {
                    if (started[position] || !StageGraph.ready(upstream.get(position), results)) continue;
                    started[position] = true;
                    StageSpec spec = specs.get(position);
                    Map<String, String> inputs;
                    try {
                        inputs = StageInputs.resolve(
                                spec, position, StageGraph.finishedBefore(specs, position, results));
                    } catch (IllegalArgumentException e) {
                        failure = ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidPipelineSpec");
                        failedAt = position;
                        break;
                    }
                    int at = position;
                    running.put(at, Async.function(() -> runStage(request, spec, at, inputs, info)));
                }
                if (running.isEmpty()) break;
                try {
                    Promise.anyOf(running.values()).get();
                } catch (TemporalFailure e) {
                    // Read below, from the promise that failed.
                }
                for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    // Key and promise first: TreeMap's remove may move another entry into this one.
                    int at = e.getKey();
                    Promise<StageResult> done = e.getValue();
                    if (!done.isCompleted()) continue;
                    it.remove();
                    try {
                        results[at] = done.get();
                    } catch (TemporalFailure f) {
                        if (failure == null) {
                            failure = f;
                            failedAt = at;
                        }
                    }
                }
            }
            if (failure != null) throw failure;
        } catch (TemporalFailure e) {
            if (CancellationScope.current().isCancelRequested()) {
                status = "cancelled";
                endDetached(true, "cancelled by user");
                throw e;
            }
            status = "failed";
            String message = "stage " + stages.get(failedAt).stage() + " failed: " + rootMessage(e);
            endDetached(false, message);
            throw ApplicationFailure.newNonRetryableFailure(message, "StageFailed");
        }
        status = "succeeded";
        lineage.finishPipelineRun(new LineageActivities.FinishRunRequest(runId, status, null, List.copyOf(stages)));
        return new PipelineResult(runId, List.copyOf(stages));
    }

    private StageResult runStage(
            PipelineRequest request, StageSpec spec, int position, Map<String, String> inputs, WorkflowInfo info) {
        long started = Workflow.currentTimeMillis();
        LineageActivities.StagePlan plan = lineage.planStage(new LineageActivities.PlanStageRequest(
                runId, position, spec, inputs, request.noCache(), info.getWorkflowId(), info.getRunId()));
        if (plan.cached()) {
            stages.set(
                    position,
                    new StageProgress(
                            spec.key(),
                            "succeeded",
                            true,
                            plan.stageRunId(),
                            started,
                            Workflow.currentTimeMillis(),
                            plan.result().primary(),
                            null));
            return plan.result();
        }
        stages.set(
                position, new StageProgress(spec.key(), "running", false, plan.stageRunId(), started, 0, null, null));
        StageRequest stageRequest =
                new StageRequest(plan.stageRunId(), plan.inputs() != null ? plan.inputs() : inputs, plan.params());
        StageResult result;
        try {
            result = execute(spec.key(), plan.dispatch(), stageRequest);
        } catch (ActivityFailure | ChildWorkflowFailure e) {
            // A cancelled run is recorded once, in run(), outside the cancelled scope.
            if (CancellationScope.current().isCancelRequested()) throw e;
            String error = rootMessage(e);
            lineage.failStage(new LineageActivities.FailStageRequest(plan.stageRunId(), false, error));
            stages.set(
                    position,
                    new StageProgress(
                            spec.key(),
                            "failed",
                            false,
                            plan.stageRunId(),
                            started,
                            Workflow.currentTimeMillis(),
                            null,
                            error));
            throw e;
        }
        lineage.completeStage(new LineageActivities.CompleteStageRequest(plan.stageRunId(), result));
        stages.set(
                position,
                new StageProgress(
                        spec.key(),
                        "succeeded",
                        false,
                        plan.stageRunId(),
                        started,
                        Workflow.currentTimeMillis(),
                        result.primary(),
                        null));
        return result;
    }

    /**
     * Runs the stage as its plan says: an activity or a child workflow by type name, untyped, so
     * that this workflow knows no stage. The plan is an activity result in the history, so a replay
     * dispatches the same way.
     */
    private StageResult execute(String stage, StageDispatch dispatch, StageRequest request) {
        // An ApplicationFailure, not an IllegalArgumentException: any other exception thrown from
        // workflow code fails the workflow task, which Temporal retries forever.
        if (dispatch == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "stage '" + stage + "' was planned without a dispatch; "
                            + "the lineage worker is older than this workflow: upgrade the workflows worker",
                    "InvalidPipelineSpec");
        }
        return switch (dispatch.kind()) {
            case ACTIVITY ->
                Workflow.newUntypedActivityStub(StageActivityOptions.forDispatch(dispatch))
                        .execute(dispatch.type(), StageResult.class, request);
            case CHILD_WORKFLOW ->
                Workflow.newUntypedChildWorkflowStub(
                                dispatch.type(),
                                ChildWorkflowOptions.newBuilder()
                                        .setWorkflowId(runId + "-" + stage)
                                        .setTaskQueue(dispatch.taskQueue())
                                        .build())
                        .execute(StageResult.class, request);
        };
    }

    /** Records the end of the run, and of every stage still running, even when the workflow itself is being cancelled. */
    private void endDetached(boolean cancelled, String error) {
        Workflow.newDetachedCancellationScope(() -> {
                    for (int position = 0; position < stages.size(); position++) {
                        StageProgress current = stages.get(position);
                        if ("running".equals(current.status()) && current.stageRunId() != null) {
                            lineage.failStage(
                                    new LineageActivities.FailStageRequest(current.stageRunId(), cancelled, error));
                            stages.set(
                                    position,
                                    new StageProgress(
                                            current.stage(),
                                            cancelled ? "cancelled" : "failed",
                                            false,
                                            current.stageRunId(),
                                            current.startedMillis(),
                                            Workflow.currentTimeMillis(),
                                            null,
                                            error));
                        }
                    }
                    lineage.finishPipelineRun(
                            new LineageActivities.FinishRunRequest(runId, status, error, List.copyOf(stages)));
                })
                .run();
    }

    private static String rootMessage(Throwable failure) {
        return FailureText.of(failure);
    }

    @Override
    public PipelineProgress progress() {
        return new PipelineProgress(runId, status, List.copyOf(stages));
    }
}
