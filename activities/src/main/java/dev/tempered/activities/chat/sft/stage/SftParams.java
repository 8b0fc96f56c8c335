package dev.tempered.activities.chat.sft.stage;

import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.stage.ModelDevices;
import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.Map;

/**
 * The {@code sft} stage's parameters (see {@link SftStage}), with ranges and defaults suited to the
 * demo model (2 layers, width 128, context 128, vocabulary 4k): a few hundred steps of 16 packed
 * windows at 0.8× pretraining's default peak rate (nanochat's ratio), no weight decay (nanochat's
 * SFT uses none: the base weights are the prior), clipping at 1.0. The model's shape comes from the
 * {@code model} checkpoint, not from here.
 */
public record SftParams(
        @Param(doc = "Optimizer steps.", min = 1, max = 100_000_000)
        int steps,

        @Param(doc = "Packed windows (of context + 1 tokens) per micro-batch.", min = 1, max = 65536)
        int batchSize,

        @Param(doc = "Micro-batches accumulated per step.", min = 1, max = 4096)
        int microBatches,

        @Param(
                doc = "Peak learning rate; 0.8× pretraining's peak as in nanochat. Warmup, then a linear decay to 0.",
                min = 1e-7,
                max = 1)
        double learningRate,

        @Param(doc = "Steps of linear warmup; must be fewer than steps.", min = 0, max = 100_000_000)
        int warmupSteps,

        @Param(doc = "AdamW decoupled weight decay on matrices and embeddings (nanochat's SFT: 0).", min = 0, max = 10)
        double weightDecay,

        @Param(doc = "Clip the global gradient norm to this; 0 disables.", min = 0, max = 1000)
        double gradClip,

        @Param(doc = "Data order and dropout seed.", min = 0)
        long seed,

        @Param(doc = "Steps between checkpoints; a crash loses at most this many steps.", min = 1, max = 100_000_000)
        int checkpointEvery,

        @Param(doc = "Steps between validation-loss measurements.", min = 1, max = 100_000_000)
        int evalEvery,

        @Param(
                doc = "Share of the training conversations held out for val_loss (by a stable hash of the first "
                        + "user message); 0 disables evaluation.",
                min = 0,
                max = 0.5)
        double evalFraction,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final SftParams DEFAULTS = new SftParams(
            200, 16, 1, // steps, batch_size, micro_batches
            2.4e-3, 10, 0.0, 1.0, // learning_rate, warmup_steps, weight_decay, grad_clip
            1337, 100, 50, 0.05, // seed, checkpoint_every, eval_every, eval_fraction
            "cpu");

    /** From the stage's params (normalised or not: missing ones take their defaults). */
    public static SftParams of(Map<String, Object> p) {
        return StageParams.read(p, SftParams.class);
    }

    /** nanoGPT's betas and PyTorch's epsilon, with this run's decay. */
    public AdamW.Settings adamW() {
        AdamW.Settings d = AdamW.Settings.defaults();
        return new AdamW.Settings(d.beta1(), d.beta2(), d.epsilon(), weightDecay);
    }
}
