package dev.tempered.activities.model.stage;

import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import java.time.Duration;

/** Stage {@code sample}: a checkpoint and its tokenizer → completions of a few prompts, on a model worker. */
public final class SampleStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("sample", 2)
            .description(
                    "Complete a few prompts with a pretrained checkpoint and its tokenizer (KV cache, top-k/top-p).")
            .params(SampleParams.class)
            .input(InputSpec.required(
                    "model", PretrainActivitiesImpl.CHECKPOINT_KIND, "The checkpoint to sample from."))
            .input(InputSpec.required(
                    "tokenizer", TokenizerArtifacts.KIND, "The tokenizer the checkpoint was trained with."))
            .output("samples")
            .queue(QueueKind.MODEL)
            .timeouts(new StageTimeouts(
                    // A few prompts of a few dozen tokens: seconds for the demo model, minutes for large ones.
                    Duration.ofHours(1),
                    // Sampling heartbeats after every prompt.
                    Duration.ofSeconds(60),
                    // Sampling is cheap and deterministic: a retry only helps against a lost worker.
                    3))
            .activity(
                    PretrainActivities.class,
                    "sampleModel",
                    services -> new PretrainActivitiesImpl(services.publisher()))
            .build();

    private SampleStage() {}
}
