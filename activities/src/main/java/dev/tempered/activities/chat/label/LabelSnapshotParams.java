package dev.tempered.activities.chat.label;

import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.List;
import java.util.Map;

/**
 * Parameters of stage {@code label-snapshot} (see {@link LabelSnapshotStage}). A retraining
 * schedule's firing fills {@code until} with its watermark, so the stage's cache key changes
 * exactly when new labels are in the snapshot.
 */
public record LabelSnapshotParams(
        @Param(doc = "Labeling projects to snapshot, by id; empty takes every project.")
        List<String> projects,

        @Param(
                doc = "Only labels acknowledged at or before this instant (ISO-8601, e.g. 2026-12-06T18:00:00.123456Z);"
                        + " a retraining schedule fills it in. Empty is refused: the snapshot must be reproducible.")
        String until) {

    public static final LabelSnapshotParams DEFAULTS = new LabelSnapshotParams(List.of(), "");

    public LabelSnapshotParams {
        projects = List.copyOf(projects);
    }

    /** From the stage's params (normalised or not: missing ones take their defaults). */
    public static LabelSnapshotParams of(Map<String, Object> p) {
        return StageParams.read(p, LabelSnapshotParams.class);
    }
}
