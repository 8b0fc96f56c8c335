package dev.tempered.workflows;

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
