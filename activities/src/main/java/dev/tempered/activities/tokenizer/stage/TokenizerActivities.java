package dev.tempered.activities.tokenizer.stage;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stages {@code train-tokenizer} (text → BPE tokenizer) and {@code tokenize} (text + tokenizer → token shards). */
@ActivityInterface
public interface TokenizerActivities {
    StageResult trainTokenizer(StageRequest request);

    StageResult tokenize(StageRequest request);
}
