package dev.tempered.activities.ingest;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code ingest}: WARC files and HTML directories in, sharded raw pages and a manifest out. */
@ActivityInterface
public interface IngestActivities {
    StageResult ingest(StageRequest request);
}
