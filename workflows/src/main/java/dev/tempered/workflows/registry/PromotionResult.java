package dev.tempered.workflows.registry;

/**
 * How a promotion ended.
 *
 * @param status {@code refused} (the gate), {@code rejected} (the admin) or {@code promoted}
 * @param message the gate's line, or who decided and their comment
 */
public record PromotionResult(String promotionId, String status, String message) {}
