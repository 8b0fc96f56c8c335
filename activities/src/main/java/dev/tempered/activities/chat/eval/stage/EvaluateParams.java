package dev.tempered.activities.chat.eval.stage;

import dev.tempered.activities.model.stage.ModelDevices;
import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.Map;

/** The {@code evaluate} stage's parameters (see {@link EvaluateStage}), with their ranges and defaults. */
public record EvaluateParams(
        @Param(
                doc = "Held-out items scored per task at most, the first by id; 200 puts one item at 0.5 %.",
                min = 1,
                max = 1_000_000)
        int maxItems,

        @Param(
                doc = "Replies per item: k of pass@k. Above 1 it needs temperature > 0, or every sample is the same.",
                min = 1,
                max = 64)
        int samples,

        @Param(doc = "Softmax temperature; 0 is greedy, the default, so a card is reproducible.", min = 0, max = 10)
        double temperature,

        @Param(doc = "Keep the k most likely tokens; 0 keeps all.", min = 0, max = 1 << 24)
        int topK,

        @Param(doc = "Nucleus: keep the most likely tokens up to this probability; 1 keeps all.", min = 1e-6, max = 1)
        double topP,

        @Param(
                doc = "New tokens per reply at most, tool outputs included; the synthetic tasks' ideal replies "
                        + "take under 64.",
                min = 1,
                max = 100_000)
        int maxTokens,

        @Param(
                doc = "Replies generated together in one batch (and windows per batch for the loss).",
                min = 1,
                max = 4096)
        int batchSize,

        @Param(doc = "Sampling seed: sample i of every item draws with seed + i.", min = 0)
        long seed,

        @Param(doc = "Items per task shown in the card with the model's reply.", min = 0, max = 100)
        int examples,

        @Param(
                doc = "The last part of the tokens input held out for validation loss; the same as pretrain's "
                        + "eval_fraction, so the loss is on text the model never trained on.",
                min = 1e-6,
                max = 0.5)
        double evalFraction,

        @Param(
                doc = "Held-out tokens scored for validation loss and bits per byte at most, from the start of "
                        + "the held-out tail.",
                min = 2,
                max = 1_000_000_000)
        int valTokens,

        @Param(
                doc = "With the facts input: an entity the pretraining text mentions at least this often counts as "
                        + "known, for known-fact accuracy and over-refusal.",
                min = 1,
                max = 1_000_000)
        int knownMentions,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final EvaluateParams DEFAULTS = new EvaluateParams(
            200, 1, 0.0, 0, 1.0, // max_items, samples, temperature, top_k, top_p
            96, 32, 0, 3, // max_tokens, batch_size, seed, examples
            0.05, 32_768, // eval_fraction (pretrain's default), val_tokens
            4, // known_mentions
            "cpu");

    /** From the stage's params (normalised or not: missing ones take their defaults). */
    public static EvaluateParams of(Map<String, Object> p) {
        return StageParams.read(p, EvaluateParams.class);
    }
}
