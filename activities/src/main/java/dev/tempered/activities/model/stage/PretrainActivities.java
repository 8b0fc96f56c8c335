package dev.tempered.activities.model.stage;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/**
 * Stages {@code pretrain} (token shards → GPT checkpoints, resuming from the last heartbeated
 * checkpoint) and {@code sample} (checkpoint + tokenizer → completions of a few prompts).
 */
@ActivityInterface
public interface PretrainActivities {
    StageResult pretrain(StageRequest request);

    StageResult sampleModel(StageRequest request);
}
