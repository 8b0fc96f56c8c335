package dev.tempered.storage;

/**
 * The stage run that wrote an artifact, and its pipeline run: what a model picker shows beside a
 * digest ("pretrain of demo-20261128-0c447d, pipeline demo"). Cached reruns reuse outputs and are
 * not producers.
 */
public record ArtifactProducer(String digest, String stage, String pipelineRunId, String pipeline) {}
