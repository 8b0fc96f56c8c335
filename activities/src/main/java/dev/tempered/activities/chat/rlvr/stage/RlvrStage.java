package dev.tempered.activities.chat.rlvr.stage;

import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import java.time.Duration;

/** Stage {@code rlvr}: reinforcement learning on verifiable rewards (GRPO) on a model worker. */
public final class RlvrStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("rlvr", 2)
            .description("RL on verifiable rewards: sample G replies per checkable prompt (arithmetic, letter "
                    + "counting), reward 1 when the task's checker accepts the answer, reinforce by group-normalised "
                    + "advantages (GRPO, token-level loss); pass@1 and pass@k on held-out prompts; resumes after a "
                    + "crash.")
            .params(RlvrParams.class)
            .input(InputSpec.required(
                    "model", PretrainActivitiesImpl.CHECKPOINT_KIND, "The chat checkpoint to improve (sft's output)."))
            .input(InputSpec.required("tokenizer", TokenizerArtifacts.KIND, "The chat model's tokenizer."))
            .input(InputSpec.required(
                    "prompts",
                    ConversationFile.KIND,
                    "Conversations of checkable tasks (synthesize's train output); each prompt is a conversation "
                            + "without its last reply, the reply holds the answer the checker compares with."))
            .input(InputSpec.optional(
                    "heldout",
                    ConversationFile.KIND,
                    "Held-out conversations (synthesize's heldout) for pass@k; without them nothing is evaluated."))
            .output(PretrainActivitiesImpl.CHECKPOINT_KIND)
            .queue(QueueKind.MODEL)
            .timeouts(new StageTimeouts(
                    // Rollouts dominate; long runs take hours. The heartbeat finds a dead worker.
                    Duration.ofDays(2),
                    // One heartbeat per step; a step of a few hundred rollouts takes seconds on the demo model.
                    Duration.ofSeconds(120),
                    // Each retry resumes from the last checkpoint; bad input and divergence are non-retryable.
                    5))
            .activity(
                    RlvrActivities.class,
                    "trainOnVerifiableRewards",
                    services -> new RlvrActivitiesImpl(services.publisher()))
            .build();

    private RlvrStage() {}
}
