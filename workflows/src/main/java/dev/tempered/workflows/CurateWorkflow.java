package dev.tempered.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Stage {@code curate} as a child workflow: one {@code curateShard} activity per raw-pages shard
 * in parallel on the cpu queue, then deduplication over the whole dataset, then one
 * {@code finalizeCuratedShard} per shard (drop duplicates, remove PII), then the report.
 */
@WorkflowInterface
public interface CurateWorkflow {
    @WorkflowMethod
    StageResult curate(StageRequest request);
}
