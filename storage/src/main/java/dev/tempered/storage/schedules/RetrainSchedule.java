package dev.tempered.storage.schedules;

import java.time.Instant;

/**
 * A label-driven retraining schedule as stored.
 *
 * @param intervalSeconds seconds between firings
 * @param minNewLabels labels acknowledged since the watermark that a firing needs to retrain
 * @param pipelineJson the pipeline every firing runs, as JSON (a {@code PipelineSpec})
 * @param kind {@link #TEMPORAL_SCHEDULE} or {@link #WORKFLOW}: which mechanism fires it
 * @param watermark the newest label in the last retrain's snapshot; null before the first retrain
 */
public record RetrainSchedule(
        String name,
        long intervalSeconds,
        int minNewLabels,
        String pipelineJson,
        String kind,
        boolean paused,
        Instant watermark,
        Instant createdAt) {
    /** Fired by a Temporal Schedule (a server that has them). */
    public static final String TEMPORAL_SCHEDULE = "temporal-schedule";
    /** Fired by the fallback schedule workflow (the embedded server). */
    public static final String WORKFLOW = "workflow";
}
