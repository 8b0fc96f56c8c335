package dev.tempered.activities.model.stage;

import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import dev.tempered.activities.tokenizer.stage.TokenManifest;
import java.time.Duration;

/** Stage {@code pretrain}: token shards → GPT checkpoints, on a model worker (one model activity at a time). */
public final class PretrainStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("pretrain", 1)
            .description("Train a GPT from scratch on token shards (AdamW, warmup + cosine, global-norm clipping), "
                    + "checkpointing as it goes and resuming from the last checkpoint after a crash.")
            .params(PretrainParams.class)
            .input(InputSpec.required(
                    "in", TokenManifest.KIND, "The token shards to train on, as tokenize wrote them."))
            .output(PretrainActivitiesImpl.CHECKPOINT_KIND)
            .queue(QueueKind.MODEL)
            .timeouts(new StageTimeouts(
                    // Real runs train for days; the heartbeat, not this, finds a dead worker.
                    Duration.ofDays(7),
                    // Training heartbeats every step and at every checkpoint; 60 s of silence is a dead
                    // worker, and the retry resumes from the last heartbeated checkpoint.
                    Duration.ofSeconds(60),
                    // Each retry resumes, so a few cost little; divergence is non-retryable and stops at once.
                    5))
            .activity(
                    PretrainActivities.class, "pretrain", services -> new PretrainActivitiesImpl(services.publisher()))
            .build();

    private PretrainStage() {}
}
