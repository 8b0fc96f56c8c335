package dev.tempered.storage.registry;

import java.util.UUID;

/**
 * What registering a checkpoint records; the registry numbers the version. Digests must name
 * recorded artifacts (foreign keys), the nullable ones may be null.
 */
public record NewModelVersion(
        String model,
        String checkpoint,
        String checkpointKind,
        String reportCard,
        String tokenizer,
        String labels,
        UUID stageRunId,
        String pipelineRunId,
        String registeredBy) {}
