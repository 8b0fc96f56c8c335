package dev.tempered.workflows.retrain;

import dev.tempered.workflows.FailureText;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineResult;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.StageActivityOptions;
import dev.tempered.workflows.TaskQueues;
import dev.tempered.workflows.registry.PromotionRequest;
import dev.tempered.workflows.registry.PromotionWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/**
 * Check, retrain, request the promotion, record. The promotion waits for an admin without a
 * deadline, so it is started as an abandoned child and the firing ends once it has started: the
 * next firing is not held up by an approval nobody has given yet.
 */
public class RetrainFiringWorkflowImpl implements RetrainFiringWorkflow {
    private final RetrainActivities activities =
            Workflow.newActivityStub(RetrainActivities.class, StageActivityOptions.lineage());

    @Override
    public String fire(String schedule) {
        String firingId = Workflow.getInfo().getWorkflowId();
        RetrainActivities.FiringPlan plan =
                activities.beginRetrainFiring(new RetrainActivities.FiringRequest(schedule, firingId));
        if (!plan.retrains()) return plan.status();
        try {
            PipelineWorkflow pipeline = Workflow.newChildWorkflowStub(
                    PipelineWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(plan.runId())
                            .setTaskQueue(TaskQueues.WORKFLOWS)
                            .build());
            PipelineResult run = pipeline.run(new PipelineRequest(plan.runId(), plan.spec(), false));
            RetrainActivities.Candidate candidate =
                    activities.findRetrainCandidate(new RetrainActivities.FindCandidateRequest(firingId, run));
            if (candidate.missing()) {
                activities.finishRetrainFiring(new RetrainActivities.FinishRequest(
                        firingId,
                        true,
                        "no new model version to promote: the run evaluated only models of earlier runs (did PPO "
                                + "keep its starting model?)",
                        null));
                return "succeeded";
            }
            String promotionId =
                    "promote-" + candidate.model() + "-v" + candidate.version() + "-" + Workflow.currentTimeMillis();
            PromotionWorkflow promotion = Workflow.newChildWorkflowStub(
                    PromotionWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(promotionId)
                            .setTaskQueue(TaskQueues.WORKFLOWS)
                            // The approval outlives this firing by hours or days.
                            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                            .build());
            Async.function(
                    promotion::promote,
                    new PromotionRequest(
                            promotionId,
                            candidate.model(),
                            candidate.version(),
                            PromotionRequest.DEFAULT_TOLERANCE,
                            "schedule:" + schedule));
            Workflow.getWorkflowExecution(promotion).get();
            activities.finishRetrainFiring(new RetrainActivities.FinishRequest(firingId, true, null, promotionId));
            return "succeeded";
        } catch (TemporalFailure e) {
            activities.finishRetrainFiring(
                    new RetrainActivities.FinishRequest(firingId, false, FailureText.of(e), null));
            return "failed";
        }
    }
}
