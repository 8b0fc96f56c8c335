package dev.tempered.storage.labels;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A submission as stored, with its labeler's name. */
public record StoredLabel(
        UUID id,
        String idempotencyKey,
        UUID taskId,
        UUID userId,
        String labeler,
        List<List<Integer>> ranking,
        List<Integer> ratings,
        String idealAnswer,
        Set<String> flags,
        Integer confidence,
        Instant submittedAt) {}
