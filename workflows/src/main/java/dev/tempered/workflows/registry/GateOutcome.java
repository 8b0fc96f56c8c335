package dev.tempered.workflows.registry;

/**
 * The promotion gate's verdict.
 *
 * @param passed no metric is worse than production's beyond the tolerance (or there is no production yet)
 * @param baseline the production version compared against; null when there was none
 * @param message one line: the failing metrics with both values, or why it passed
 */
public record GateOutcome(boolean passed, Integer baseline, String message) {}
