package dev.tempered.activities.chat.reward.stage;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code reward}: a chat checkpoint + tokenizer + preferences (+ demonstrations) → a reward model. */
@ActivityInterface
public interface RewardActivities {
    StageResult trainRewardModel(StageRequest request);
}
