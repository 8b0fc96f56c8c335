package dev.tempered.activities.model.stage;

import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.Map;

/**
 * The {@code pretrain} stage's parameters (see {@link PretrainStage}), typed, with their ranges and
 * defaults. {@code device} also picks the task queue (model or gpu) and is part of the cache key.
 */
public record PretrainParams(
        @Param(doc = "Transformer blocks.", min = 1, max = 48)
        int layers,

        @Param(doc = "Attention heads per block; width must be a multiple.", min = 1, max = 128)
        int heads,

        @Param(doc = "Embedding width (d_model).", min = 8, max = 16384)
        int width,

        @Param(doc = "Context length in tokens (one training window).", min = 8, max = 32768)
        int context,

        @Param(doc = "Dropout; 0 is best for single-epoch pretraining (nanoGPT).", min = 0, max = 0.9)
        double dropout,

        @Param(doc = "Optimizer steps.", min = 1, max = 100_000_000)
        int steps,

        @Param(doc = "Windows per micro-batch.", min = 1, max = 65536)
        int batchSize,

        @Param(
                doc = "Micro-batches accumulated per step; tokens per step = batch_size × micro_batches × context.",
                min = 1,
                max = 4096)
        int microBatches,

        @Param(doc = "Peak learning rate after warmup.", min = 1e-7, max = 1)
        double learningRate,

        @Param(doc = "Steps of linear warmup.", min = 0, max = 100_000_000)
        int warmupSteps,

        @Param(doc = "The cosine ends at this fraction of the peak rate (nanoGPT: 0.1).", min = 0, max = 1)
        double minLrFraction,

        @Param(doc = "AdamW decoupled weight decay on matrices and embeddings.", min = 0, max = 10)
        double weightDecay,

        @Param(doc = "Clip the global gradient norm to this; 0 disables.", min = 0, max = 1000)
        double gradClip,

        @Param(doc = "Initialisation, data order and dropout seed.", min = 0)
        long seed,

        @Param(doc = "Steps between checkpoints; a crash loses at most this many steps.", min = 1, max = 100_000_000)
        int checkpointEvery,

        @Param(doc = "Steps between validation-loss measurements.", min = 1, max = 100_000_000)
        int evalEvery,

        @Param(
                doc = "The last part of the tokens, held out for validation loss; 0 disables evaluation.",
                min = 0,
                max = 0.5)
        double evalFraction,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final PretrainParams DEFAULTS = new PretrainParams(
            2, 4, 128, 128, 0.0, // layers, heads, width, context, dropout
            300, 16, 1, // steps, batch_size, micro_batches
            3e-3, 30, 0.1, 0.1, 1.0, // learning_rate, warmup_steps, min_lr_fraction, weight_decay, grad_clip
            1337, 100, 50, 0.05, // seed, checkpoint_every, eval_every, eval_fraction
            "cpu");

    /** From the stage's params (normalised or not: missing ones take their defaults). */
    public static PretrainParams of(Map<String, Object> p) {
        return StageParams.read(p, PretrainParams.class);
    }

    /** nanoGPT's betas and PyTorch's epsilon, with this run's decay. */
    public AdamW.Settings adamW() {
        AdamW.Settings d = AdamW.Settings.defaults();
        return new AdamW.Settings(d.beta1(), d.beta2(), d.epsilon(), weightDecay);
    }
}
