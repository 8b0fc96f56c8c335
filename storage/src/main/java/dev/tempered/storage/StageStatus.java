package dev.tempered.storage;

/** Lifecycle of a stage run or pipeline run, as stored in the {@code status} columns. */
public enum StageStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static StageStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
