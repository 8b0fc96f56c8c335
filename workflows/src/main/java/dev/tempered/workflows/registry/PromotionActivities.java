package dev.tempered.workflows.registry;

import io.temporal.activity.ActivityInterface;

/** The promotion workflow's steps: all of them short calls to the registry tables and the report cards. */
@ActivityInterface
public interface PromotionActivities {
    /**
     * Records the request, compares the version's report card with production's, and stores the
     * verdict. Fails without retry when the version is unknown or has no report card.
     */
    GateOutcome gatePromotion(PromotionRequest request);

    /** Stores an admin's decision before the workflow acts on it: acknowledged means audited. */
    void recordPromotionDecision(String promotionId, ApprovalDecision decision);

    /** Moves {@code production} to the approved version; returns the version production points at. */
    int movePromotedAlias(String promotionId);
}
