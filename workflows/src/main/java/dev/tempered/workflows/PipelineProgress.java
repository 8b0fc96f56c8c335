package dev.tempered.workflows;

import java.util.List;

/** Answer to {@link PipelineWorkflow#progress()}: one entry per stage in pipeline order. */
public record PipelineProgress(String runId, String status, List<StageProgress> stages) {}
