package dev.tempered.activities.chat.ppo.stage;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code ppo}: a chat checkpoint + reward model + prompts → a chat checkpoint optimised against the reward model. */
@ActivityInterface
public interface PpoActivities {
    StageResult optimizeWithPpo(StageRequest request);
}
