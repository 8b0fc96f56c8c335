package dev.tempered.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Stage {@code curate} as a child workflow: one {@code curateShard} activity per raw-pages shard
 * on the cpu queue (a bounded number at a time), then deduplication over the whole dataset, then
 * one {@code finalizeCuratedShard} per shard (drop duplicates, remove PII), then the report. Long
 * curations continue as new along the way; the caller still gets one {@link StageResult}.
 */
@WorkflowInterface
public interface CurateWorkflow {
    @WorkflowMethod
    StageResult curate(StageRequest request);
}
