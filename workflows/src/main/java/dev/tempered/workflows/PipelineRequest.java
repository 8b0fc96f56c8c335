package dev.tempered.workflows;

/**
 * Starts a pipeline run.
 *
 * @param runId   also the Temporal workflow id and the lineage row id; null takes the workflow id
 *                (how scheduled runs get one id each)
 * @param noCache when true every stage runs even if an earlier run with the same cache key succeeded
 */
public record PipelineRequest(String runId, PipelineSpec spec, boolean noCache) {}
