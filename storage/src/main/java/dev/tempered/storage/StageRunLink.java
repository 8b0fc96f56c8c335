package dev.tempered.storage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stage run seen from one artifact: the run that produced it (with that run's inputs: one step
 * up) or a run that consumed it (with that run's outputs: one step down).
 *
 * @param via the manifest through which the run read this artifact (a shard listed in the token
 *     manifest that pretrain read), or null when the run names the artifact itself
 */
public record StageRunLink(
        UUID stageRunId,
        String pipelineRunId,
        String stage,
        StageStatus status,
        Instant started,
        List<ArtifactRef> artifacts,
        String via) {
    public StageRunLink(
            UUID stageRunId,
            String pipelineRunId,
            String stage,
            StageStatus status,
            Instant started,
            List<ArtifactRef> artifacts) {
        this(stageRunId, pipelineRunId, stage, status, started, artifacts, null);
    }
}
