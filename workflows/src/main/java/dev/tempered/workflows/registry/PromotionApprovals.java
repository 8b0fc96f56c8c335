package dev.tempered.workflows.registry;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;

/**
 * The one way a caller (dashboard, CLI) starts a promotion or decides one: the role check on the
 * approving user happens here, before anything reaches Temporal. Who the user is and what role
 * they have is the caller's to establish (the dashboard's session, the CLI's configured user);
 * this class only refuses every role but {@link #ADMIN_ROLE}.
 *
 * <pre>{@code
 * PromotionApprovals approvals = new PromotionApprovals(client, TaskQueues.WORKFLOWS);
 * String id = approvals.request("chat", 4, 0.02, "ana");
 * approvals.decide(id, new ApprovalDecision("root", "admin", true, "beats v3 on arithmetic"));
 * }</pre>
 */
public final class PromotionApprovals {
    /** The only role that may approve or reject a promotion. */
    public static final String ADMIN_ROLE = "admin";

    private final WorkflowClient client;
    private final String taskQueue;

    public PromotionApprovals(WorkflowClient client, String taskQueue) {
        this.client = client;
        this.taskQueue = taskQueue;
    }

    /** A refusal to the caller: the role is not admin, or the request takes no decision now. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** @throws RefusedException naming the user and role when the role is not admin or the name is blank */
    public static void requireAdmin(ApprovalDecision d) {
        if (d.approver() == null || d.approver().isBlank()) {
            throw new RefusedException("a promotion decision needs the approving user's name");
        }
        if (!ADMIN_ROLE.equals(d.role())) {
            throw new RefusedException("user " + d.approver() + " has role '" + d.role() + "'; only role '" + ADMIN_ROLE
                    + "' may approve or reject a promotion");
        }
    }

    /** Starts the promotion workflow for one version; returns its id. */
    public String request(String model, int version, double tolerance, String requestedBy) {
        String id = "promote-" + model + "-v" + version + "-" + Instant.now().toEpochMilli();
        PromotionWorkflow wf = client.newWorkflowStub(
                PromotionWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(taskQueue)
                        .build());
        WorkflowClient.start(wf::promote, new PromotionRequest(id, model, version, tolerance, requestedBy));
        return id;
    }

    /**
     * Sends an admin's decision; returns {@code approved} or {@code rejected} once it is audited.
     *
     * @throws RefusedException when the role is not admin, or the workflow does not await a
     *     decision (still gating, refused, already decided), with its reason
     */
    public String decide(String promotionId, ApprovalDecision decision) {
        requireAdmin(decision);
        PromotionWorkflow wf = client.newWorkflowStub(PromotionWorkflow.class, promotionId);
        try {
            return wf.decide(decision);
        } catch (WorkflowNotFoundException e) {
            throw new RefusedException("promotion " + promotionId
                    + " is not waiting for a decision: it has ended, or there is no such promotion");
        } catch (WorkflowUpdateException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof ApplicationFailure af ? af.getOriginalMessage() : String.valueOf(cause);
            throw new RefusedException("promotion " + promotionId + " refused the decision: " + why);
        }
    }

    /** The workflow's status, as its query answers. */
    public String status(String promotionId) {
        return client.newWorkflowStub(PromotionWorkflow.class, promotionId).status();
    }
}
