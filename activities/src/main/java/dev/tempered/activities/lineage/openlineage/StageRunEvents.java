package dev.tempered.activities.lineage.openlineage;

import java.util.UUID;

/**
 * Hears of every stage run's transitions, after the lineage store has recorded them. The lineage
 * activities call it; {@link #NONE} hears nothing.
 */
public interface StageRunEvents {
    /** A stage run began (or, {@code cached}, reused an earlier run's outputs and so also ended). */
    void started(UUID stageRunId, boolean cached);

    /** A stage run completed with its outputs recorded. */
    void completed(UUID stageRunId);

    /** A stage run failed, or was cancelled. */
    void failed(UUID stageRunId, boolean cancelled, String error);

    StageRunEvents NONE = new StageRunEvents() {
        @Override
        public void started(UUID stageRunId, boolean cached) {}

        @Override
        public void completed(UUID stageRunId) {}

        @Override
        public void failed(UUID stageRunId, boolean cancelled, String error) {}
    };
}
