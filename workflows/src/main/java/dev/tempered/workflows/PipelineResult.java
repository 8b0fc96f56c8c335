package dev.tempered.workflows;

import java.util.List;

/** How a pipeline run ended: per stage, whether it was cached and its primary output. */
public record PipelineResult(String runId, List<StageProgress> stages) {}
