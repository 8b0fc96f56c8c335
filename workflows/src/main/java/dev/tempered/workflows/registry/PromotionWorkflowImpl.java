package dev.tempered.workflows.registry;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Gate, durable wait for the decision, alias move. The wait has no timeout: a request nobody
 * decides stays open (and listed on the Models page) until an admin does or it is cancelled.
 * The decision is written to PostgreSQL inside the update handler, so the caller's answer means
 * the decision is audited; the history then holds it, so a worker restart while waiting, or
 * after the decision, replays to the same point.
 */
public class PromotionWorkflowImpl implements PromotionWorkflow {
    /** Registry calls are single statements; retried for minutes so that a database restart is survived. */
    static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(200))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setMaximumAttempts(30)
                    // An unknown version, a missing or unreadable report card: another try finds the same.
                    .setDoNotRetry(
                            "java.lang.IllegalArgumentException",
                            "dev.tempered.storage.registry.RegistryException",
                            "dev.tempered.storage.ArtifactNotFoundException",
                            "dev.tempered.activities.InvalidStageInputException")
                    .build())
            .build();

    private final PromotionActivities registry = Workflow.newActivityStub(PromotionActivities.class, OPTIONS);

    private String status = "gating";
    private String promotionId;
    private ApprovalDecision decision;
    /** Set when a decision's handler starts: a second Update arriving while the first is audited is refused. */
    private String decidingBy;

    @Override
    public PromotionResult promote(PromotionRequest request) {
        promotionId = request.promotionId();
        GateOutcome gate = registry.gatePromotion(request);
        if (!gate.passed()) {
            status = "refused";
            return new PromotionResult(promotionId, status, gate.message());
        }
        status = "awaiting-approval";
        Workflow.await(() -> decision != null);
        if (!decision.approve()) {
            status = "rejected";
            return new PromotionResult(promotionId, status, decidedBy());
        }
        int version = registry.movePromotedAlias(promotionId);
        status = "promoted";
        return new PromotionResult(
                promotionId, status, request.model() + " production is version " + version + "; " + decidedBy());
    }

    @Override
    public void validateDecision(ApprovalDecision d) {
        // The caller checked the role already (PromotionApprovals); checked again here so that no
        // client that skips it can move production.
        PromotionApprovals.requireAdmin(d);
        if (!"awaiting-approval".equals(status) || decidingBy != null) {
            throw new IllegalStateException("promotion " + promotionId + " is " + status
                    + (decidingBy != null ? " and already decided by " + decidingBy : "")
                    + "; only a request awaiting approval takes a decision");
        }
    }

    @Override
    public String decide(ApprovalDecision d) {
        decidingBy = d.approver();
        registry.recordPromotionDecision(promotionId, d);
        decision = d;
        return d.approve() ? "approved" : "rejected";
    }

    @Override
    public String status() {
        return status;
    }

    private String decidedBy() {
        String comment = decision.comment() == null || decision.comment().isBlank() ? "" : ": " + decision.comment();
        return (decision.approve() ? "approved by " : "rejected by ") + decision.approver() + comment;
    }
}
