package dev.tempered.workflows;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/**
 * Bookkeeping the pipeline workflow does in the lineage store. Every method is idempotent, so
 * Temporal may retry any of them freely. They run on {@link TaskQueues#WORKFLOWS}.
 */
@ActivityInterface
public interface LineageActivities {

    void beginPipelineRun(BeginRunRequest request);

    /**
     * Validates the stage's params, computes its cache key and either records a cache hit (the
     * earlier outputs all still exist) or a new running stage run.
     */
    StagePlan planStage(PlanStageRequest request);

    void completeStage(CompleteStageRequest request);

    void failStage(FailStageRequest request);

    void finishPipelineRun(FinishRunRequest request);

    record BeginRunRequest(String runId, PipelineSpec spec, String temporalRunId) {}

    record PlanStageRequest(
            String runId,
            int position,
            StageSpec spec,
            Map<String, String> inputs,
            boolean noCache,
            String workflowId,
            String temporalRunId) {}

    /**
     * @param params   normalised params (defaults filled) the stage must run with
     * @param cached   true when {@code result} comes from an earlier run and the stage must not run
     * @param dispatch the activity or child workflow that runs the stage, its queue and timeouts
     */
    /**
     * @param inputs the inputs the stage runs with: those resolved by the workflow, less the implicit
     *     {@code in} (the previous stage's output) when the stage takes no {@code in}; null from a
     *     lineage worker older than this field, meaning "as resolved"
     */
    record StagePlan(
            String stageRunId,
            int stageVersion,
            Map<String, Object> params,
            boolean cached,
            StageResult result,
            StageDispatch dispatch,
            Map<String, String> inputs) {
        public StagePlan(
                String stageRunId,
                int stageVersion,
                Map<String, Object> params,
                boolean cached,
                StageResult result,
                StageDispatch dispatch) {
            this(stageRunId, stageVersion, params, cached, result, dispatch, null);
        }
    }

    record CompleteStageRequest(String stageRunId, StageResult result) {}

    /** @param cancelled true when the run was cancelled rather than failed */
    record FailStageRequest(String stageRunId, boolean cancelled, String error) {}

    record FinishRunRequest(String runId, String status, String error, List<StageProgress> stages) {}
}
