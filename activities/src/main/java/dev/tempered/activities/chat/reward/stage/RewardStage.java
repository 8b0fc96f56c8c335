package dev.tempered.activities.chat.reward.stage;

import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.prefs.PreferenceFile;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import java.time.Duration;

/** Stage {@code reward}: trains a reward model on ranked responses, on a model worker. */
public final class RewardStage {
    /** The artifact kind of a reward model (final and intermediate checkpoints alike). */
    public static final String KIND = "reward-model";

    public static final StageDefinition DEFINITION = StageDefinition.builder("reward", 1)
            .description("Train a reward model (a chat model's trunk + a scalar head on the last token) on "
                    + "ranked responses with the Bradley–Terry loss over each ranking's pairs; scores shifted so "
                    + "demonstrations average 0; held-out accuracy and margin by prompt; resumes after a crash.")
            .params(RewardParams.class)
            .input(InputSpec.required(
                    "model",
                    PretrainActivitiesImpl.CHECKPOINT_KIND,
                    "The chat checkpoint whose trunk the model starts from."))
            .input(InputSpec.required("tokenizer", TokenizerArtifacts.KIND, "The chat model's tokenizer."))
            .input(InputSpec.required(
                    "preferences", PreferenceFile.KIND, "Ranked pairs (label's output); one group per ranking."))
            .input(InputSpec.optional(
                    "demonstrations",
                    ConversationFile.KIND,
                    "Labelers' ideal answers: the scores are shifted so these average 0. Without them, the "
                            + "training responses average 0."))
            .output(KIND)
            .queue(QueueKind.MODEL)
            .timeouts(new StageTimeouts(
                    // As sft: a long run takes hours; the heartbeat finds a dead worker.
                    Duration.ofDays(2),
                    // Training heartbeats every step; 60 s of silence is a dead worker.
                    Duration.ofSeconds(60),
                    // Each retry resumes from the last checkpoint; bad input and divergence are non-retryable.
                    5))
            .activity(
                    RewardActivities.class,
                    "trainRewardModel",
                    services -> new RewardActivitiesImpl(services.publisher()))
            .build();

    private RewardStage() {}
}
