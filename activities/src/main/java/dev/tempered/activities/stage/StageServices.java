package dev.tempered.activities.stage;

import dev.tempered.storage.ArtifactPublisher;

/**
 * What a stage's implementation is built from on a worker: the platform's services. Stages take
 * what they need from here, so that a new service reaches a new stage without touching the others.
 *
 * @param publisher object storage and lineage together (artifacts written are recorded as they are stored)
 */
public record StageServices(ArtifactPublisher publisher) {}
