package dev.tempered.storage.registry;

import java.time.Instant;
import java.util.UUID;

/**
 * One registered checkpoint of a named model.
 *
 * @param model the model's name ({@code chat} unless a pipeline names another)
 * @param version 1, 2, ... in registration order
 * @param checkpoint the checkpoint artifact's digest
 * @param checkpointKind the checkpoint's kind from its metadata ({@code chat}, {@code rl}, ...)
 * @param reportCard the report card that evaluate wrote for it; null when registered without one
 * @param tokenizer the tokenizer it was trained with; null when its metadata names none
 * @param labels the labels snapshot behind it; null for models trained without labels
 * @param stageRunId the stage run that wrote the checkpoint; null when no stage did (an upload)
 * @param pipelineRunId that stage run's pipeline run
 * @param registeredBy who or what registered it ({@code evaluate}, a user name)
 */
public record ModelVersion(
        String model,
        int version,
        String checkpoint,
        String checkpointKind,
        String reportCard,
        String tokenizer,
        String labels,
        UUID stageRunId,
        String pipelineRunId,
        String registeredBy,
        Instant registeredAt) {}
