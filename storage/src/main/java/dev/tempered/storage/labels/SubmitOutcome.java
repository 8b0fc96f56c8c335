package dev.tempered.storage.labels;

import java.util.UUID;

/**
 * An acknowledged submission: committed before this is returned.
 *
 * @param replay true when the idempotency key was already stored (nothing new was written)
 * @param taskClosed true when this submission reached the task's quorum
 */
public record SubmitOutcome(UUID submissionId, boolean replay, boolean taskClosed) {}
