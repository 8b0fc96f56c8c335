package dev.tempered.storage;

/**
 * Lifecycle of a stage run or pipeline run, as stored in the {@code status} columns. {@link #LOST}
 * is a run recorded as running that Temporal no longer runs (a platform restart ended it); like
 * failed and cancelled it is unfinished, and {@code tempered cancel} clears it to cancelled.
 */
public enum StageStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    LOST;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static StageStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
