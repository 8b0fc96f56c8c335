package dev.tempered.workflows.registry;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Promotes one model version to {@code production}: the gate compares its report card with
 * production's and refuses, naming the metric, when one is worse beyond the tolerance; otherwise
 * the workflow waits, durably and without a deadline, for an admin's {@link #decide} and then
 * moves the alias. Callers go through {@link PromotionApprovals}, which checks the role.
 */
@WorkflowInterface
public interface PromotionWorkflow {
    @WorkflowMethod
    PromotionResult promote(PromotionRequest request);

    /** An admin's decision; accepted only while the request awaits approval. Returns the new status. */
    @UpdateMethod
    String decide(ApprovalDecision decision);

    @UpdateValidatorMethod(updateName = "decide")
    void validateDecision(ApprovalDecision decision);

    /** {@code gating}, {@code awaiting-approval}, {@code refused}, {@code rejected} or {@code promoted}. */
    @QueryMethod
    String status();
}
