package dev.tempered.activities.chat.synth;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code synthesize}: generated and real conversations → {@code train} and {@code heldout} conversation files. */
@ActivityInterface
public interface SynthesizeActivities {
    StageResult synthesizeConversations(StageRequest request);
}
