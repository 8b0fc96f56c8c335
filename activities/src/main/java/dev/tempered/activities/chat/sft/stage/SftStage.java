package dev.tempered.activities.chat.sft.stage;

import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import java.time.Duration;

/** Stage {@code sft}: supervised fine-tuning of a pretrained checkpoint on conversations, on a model worker. */
public final class SftStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("sft", 1)
            .description("Fine-tune a pretrained GPT on conversations (loss on the assistant's tokens only, packed "
                    + "windows, warmup + linear decay), writing chat checkpoints and resuming after a crash.")
            .params(SftParams.class)
            .input(InputSpec.required(
                    "model",
                    PretrainActivitiesImpl.CHECKPOINT_KIND,
                    "The checkpoint to start from: a pretrained one, or a chat one for a further round."))
            .input(InputSpec.required(
                    "conversations", ConversationFile.KIND, "The conversations to train on (synthesize's train)."))
            .input(InputSpec.required(
                    "tokenizer", TokenizerArtifacts.KIND, "The tokenizer the checkpoint was trained with."))
            .input(InputSpec.optional(
                    "extra_conversations",
                    ConversationFile.KIND,
                    "More conversations for the training set, such as probe's mined examples for a second round: "
                            + "one with the id of a conversation in 'conversations' replaces it (the probed question's "
                            + "confident answer becomes \"I don't know\"), the others are added."))
            .output(dev.tempered.activities.model.stage.PretrainActivitiesImpl.CHECKPOINT_KIND)
            .queue(QueueKind.MODEL)
            .timeouts(new StageTimeouts(
                    // Long SFT runs take hours; the heartbeat, not this, finds a dead worker.
                    Duration.ofDays(2),
                    // Training heartbeats every step; 60 s of silence is a dead worker.
                    Duration.ofSeconds(60),
                    // Each retry resumes from the last checkpoint; divergence is non-retryable.
                    5))
            .activity(SftActivities.class, "sft", services -> new SftActivitiesImpl(services.publisher()))
            .build();

    private SftStage() {}
}
