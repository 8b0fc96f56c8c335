package dev.tempered.activities.chat.label;

import dev.tempered.activities.chat.prefs.PreferenceFile;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import java.time.Duration;

/**
 * Stage {@code label-snapshot}: the labels acknowledged in existing labeling projects up to an
 * instant, written as the {@code label} stage writes them (preferences, demonstrations, labeling
 * report). What a retraining schedule runs instead of {@code label}: labels keep arriving in the
 * projects people work on, and each retrain takes those acknowledged up to its watermark. Reads
 * only the database; a CPU activity.
 */
public final class LabelSnapshotStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("label-snapshot", 1)
            .description("Snapshot the labels acknowledged in existing labeling projects up to an instant "
                    + "(preferences, demonstrations, labeling report), as the label stage writes them.")
            .params(LabelSnapshotParams.class)
            .input(InputSpec.optional(
                    "in", "any", "Ignored: present only so that the stage may follow another in a pipeline."))
            .output(PreferenceFile.KIND)
            .queue(QueueKind.CPU)
            .timeouts(new StageTimeouts(
                    // Reading a few hundred thousand labels and writing their pairs takes minutes at most.
                    Duration.ofMinutes(30),
                    // It does not heartbeat: the start-to-close timeout bounds it.
                    null,
                    3))
            .activity(
                    LabelSnapshotActivities.class,
                    "snapshotAcknowledgedLabels",
                    services -> new LabelSnapshotActivitiesImpl(services.publisher()))
            .build();

    private LabelSnapshotStage() {}
}
