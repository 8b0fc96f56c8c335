package dev.tempered.activities.chat.eval.stage;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code evaluate}: a checkpoint, its tokenizer and held-out conversations → a report card. */
@ActivityInterface
public interface EvaluateActivities {
    StageResult evaluateModel(StageRequest request);
}
