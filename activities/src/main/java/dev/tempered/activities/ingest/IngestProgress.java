package dev.tempered.activities.ingest;

/**
 * Heartbeat details of {@code ingest}: the last checkpoint (what a retry resumes from) plus live
 * counts for progress displays.
 */
public record IngestProgress(
        IngestCheckpoint checkpoint,
        long recordsRead,
        long pagesRead,
        int sourceIndex,
        int sourceCount,
        String sourcePath) {}
