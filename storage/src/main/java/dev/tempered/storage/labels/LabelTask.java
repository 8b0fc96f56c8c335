package dev.tempered.storage.labels;

import java.util.List;
import java.util.UUID;

/**
 * A task as stored: its prompt and responses (positions 0..K-1), gold answer and whether it is
 * open. {@code reference} and {@code conversations} are for the stage and the simulated labelers'
 * rubric, never for a labeler's page.
 */
public record LabelTask(
        UUID id,
        String projectId,
        int position,
        String prompt,
        String reference,
        Integer goldResponse,
        List<String> responses,
        List<String> conversations,
        boolean open) {}
