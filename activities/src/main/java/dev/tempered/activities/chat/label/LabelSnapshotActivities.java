package dev.tempered.activities.chat.label;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code label-snapshot}: the labels already acknowledged, up to a watermark. */
@ActivityInterface
public interface LabelSnapshotActivities {
    StageResult snapshotAcknowledgedLabels(StageRequest request);
}
