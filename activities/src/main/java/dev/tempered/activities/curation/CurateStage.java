package dev.tempered.activities.curation;

import dev.tempered.activities.ingest.IngestManifest;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.workflows.CurateWorkflow;
import dev.tempered.workflows.CurateWorkflowImpl;

/**
 * Stage {@code curate}: raw pages → clean text the FineWeb way, as a child workflow whose shard
 * activities run on the cpu queue (their timeouts are the workflow's, in StageActivityOptions).
 */
public final class CurateStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("curate", 1)
            .description("Raw pages to clean text the FineWeb way: URL filter, main-text extraction, language id, "
                    + "Gopher/C4/FineWeb quality filters, MinHash dedup, PII removal.")
            .params(CurationParams.class)
            .input(InputSpec.required("in", IngestManifest.KIND, "The raw-pages manifest written by ingest."))
            .output(dev.tempered.activities.curation.TextManifest.KIND)
            .queue(QueueKind.CPU)
            .childWorkflow(
                    CurateWorkflow.class,
                    CurateWorkflowImpl.class,
                    services -> new CurationActivitiesImpl(services.publisher(), new DefaultCurationSteps()))
            .build();

    private CurateStage() {}
}
