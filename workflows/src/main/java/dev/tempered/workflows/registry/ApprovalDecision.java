package dev.tempered.workflows.registry;

/**
 * An admin's answer to a promotion waiting for approval, as the caller (dashboard, CLI)
 * authenticated them.
 *
 * @param approver the user's name
 * @param role the user's role; only {@link PromotionApprovals#ADMIN_ROLE} may decide
 * @param approve true to promote, false to reject
 * @param comment why, kept in the audit trail; may be empty
 */
public record ApprovalDecision(String approver, String role, boolean approve, String comment) {}
