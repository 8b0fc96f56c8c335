package dev.tempered.workflows;

import io.temporal.activity.ActivityInterface;

/** Stage {@code ingest}: WARC files and HTML directories in, sharded raw pages and a manifest out. */
@ActivityInterface
public interface IngestActivities {
    StageResult ingest(StageRequest request);
}
