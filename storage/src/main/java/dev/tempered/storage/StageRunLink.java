package dev.tempered.storage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stage run seen from one artifact: the run that produced it (with that run's inputs: one step
 * up) or a run that consumed it (with that run's outputs: one step down).
 */
public record StageRunLink(
        UUID stageRunId,
        String pipelineRunId,
        String stage,
        StageStatus status,
        Instant started,
        List<ArtifactRef> artifacts) {}
