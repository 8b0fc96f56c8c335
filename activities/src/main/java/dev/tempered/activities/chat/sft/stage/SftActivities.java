package dev.tempered.activities.chat.sft.stage;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code sft}: a base checkpoint + conversations + tokenizer → chat checkpoints, resuming from the last heartbeated one. */
@ActivityInterface
public interface SftActivities {
    StageResult sft(StageRequest request);
}
