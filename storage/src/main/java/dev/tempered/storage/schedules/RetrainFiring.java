package dev.tempered.storage.schedules;

import java.time.Instant;

/**
 * One firing of a retraining schedule.
 *
 * @param firingId the firing workflow's id
 * @param status {@link #SKIPPED}, {@link #OVERLAP}, {@link #STARTED}, {@link #SUCCEEDED} or {@link #FAILED}
 * @param newLabels labels acknowledged after the previous watermark when the firing checked
 * @param watermark the snapshot's watermark, for a retrain; null otherwise
 * @param runId the pipeline run it started, or null
 * @param promotionId the promotion it requested, or null
 * @param message why it skipped or failed, in words
 */
public record RetrainFiring(
        long id,
        String schedule,
        String firingId,
        Instant firedAt,
        String status,
        int newLabels,
        int minNewLabels,
        Instant watermark,
        String runId,
        String promotionId,
        String message,
        Instant finishedAt) {
    public static final String SKIPPED = "skipped";
    public static final String OVERLAP = "overlap";
    public static final String STARTED = "started";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** Whether this firing retrains (it was not skipped). */
    public boolean retrains() {
        return STARTED.equals(status) || SUCCEEDED.equals(status) || FAILED.equals(status);
    }
}
