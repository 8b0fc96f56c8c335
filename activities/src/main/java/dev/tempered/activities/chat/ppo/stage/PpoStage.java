package dev.tempered.activities.chat.ppo.stage;

import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.reward.stage.RewardStage;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import java.time.Duration;

/** Stage {@code ppo}: RLHF with PPO against a reward model, leashed to the SFT model, with stop guards. */
public final class PpoStage {
    /** The artifact kind of a PPO training state (policy, critic, KL controller, guards). */
    public static final String STATE_KIND = "ppo-state";

    public static final StageDefinition DEFINITION = StageDefinition.builder("ppo", 2)
            .description("Optimise a chat model against a reward model with PPO (KL penalty to the SFT model, GAE, "
                    + "clipped policy and value losses); stops on its KL bound, on reward hacking (held-out verifier "
                    + "accuracy falls while the RM score rises) or runaway length, keeping the best evaluated model.")
            .params(PpoParams.class)
            .input(InputSpec.required(
                    "model", PretrainActivitiesImpl.CHECKPOINT_KIND, "The SFT chat checkpoint: policy and reference."))
            .input(InputSpec.required("tokenizer", TokenizerArtifacts.KIND, "The chat model's tokenizer."))
            .input(InputSpec.required(
                    "reward_model", RewardStage.KIND, "The reward model (reward's output), of the same tokenizer."))
            .input(InputSpec.required(
                    "prompts", ConversationFile.KIND, "Conversations whose prompts the policy answers in rollouts."))
            .input(
                    InputSpec.optional(
                            "heldout",
                            ConversationFile.KIND,
                            "Held-out conversations (synthesize's heldout): the guards' RM score, verifier accuracy and length."))
            .output(PretrainActivitiesImpl.CHECKPOINT_KIND)
            .queue(QueueKind.MODEL)
            .timeouts(new StageTimeouts(
                    // Rollouts and four epochs per batch: hours for large runs; the heartbeat finds a dead worker.
                    Duration.ofDays(2),
                    // One heartbeat per PPO iteration.
                    Duration.ofSeconds(180),
                    // Each retry resumes from the last state; bad input and divergence are non-retryable.
                    5))
            .activity(PpoActivities.class, "optimizeWithPpo", services -> new PpoActivitiesImpl(services.publisher()))
            .build();

    private PpoStage() {}
}
