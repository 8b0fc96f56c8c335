package dev.tempered.activities.chat.rlvr.stage;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code rlvr}: a chat checkpoint + tokenizer + checkable prompts → chat checkpoints trained on verifiable rewards. */
@ActivityInterface
public interface RlvrActivities {
    StageResult trainOnVerifiableRewards(StageRequest request);
}
