package dev.tempered.storage.labels;

import java.util.List;
import java.util.UUID;

/** A task as stored: its prompt and responses (positions 0..K-1), gold answer and whether it is open. */
public record LabelTask(
        UUID id,
        String projectId,
        int position,
        String prompt,
        String reference,
        Integer goldResponse,
        List<String> responses,
        boolean open) {}
