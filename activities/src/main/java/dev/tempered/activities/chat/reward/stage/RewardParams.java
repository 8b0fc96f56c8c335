package dev.tempered.activities.chat.reward.stage;

import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.stage.ModelDevices;
import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.Map;

/**
 * The {@code reward} stage's parameters (see {@link RewardStage}), with defaults for the demo-sized
 * chat model: rankings of a few responses, 8 rankings per step, warmup then a linear decay to 0
 * from a peak under SFT's (the trunk is trained already; the head is new), no weight decay, no
 * margin and no centring (TRL's defaults), a fifth of the prompts held out.
 */
public record RewardParams(
        @Param(doc = "Optimizer steps.", min = 1, max = 100_000_000)
        int steps,

        @Param(doc = "Rankings (all pairs of one prompt's ranking, one batch element) per step.", min = 1, max = 4096)
        int rankingsPerStep,

        @Param(doc = "Peak learning rate: warmup, then a linear decay to 0.", min = 1e-7, max = 1)
        double learningRate,

        @Param(doc = "Steps of linear warmup; must be fewer than steps.", min = 0, max = 100_000_000)
        int warmupSteps,

        @Param(doc = "AdamW decoupled weight decay on matrices and embeddings.", min = 0, max = 10)
        double weightDecay,

        @Param(doc = "Clip the global gradient norm to this; 0 disables.", min = 0, max = 1000)
        double gradClip,

        @Param(
                doc = "Loss margin per rank of difference: −log σ(r_c − r_r − margin·(rank_r − rank_c)); "
                        + "0 = TRL's default (no margin).",
                min = 0,
                max = 10)
        double marginPerRank,

        @Param(
                doc = "TRL's center_rewards_coefficient: adds c·mean((r_c + r_r)²) to keep scores near 0; 0 disables.",
                min = 0,
                max = 1)
        double centerCoefficient,

        @Param(
                doc = "Share of prompts whose rankings are held out for val_accuracy and val_margin (stable hash "
                        + "of the prompt id).",
                min = 0.05,
                max = 0.5)
        double heldOutFraction,

        @Param(doc = "Ranking order and head initialisation seed.", min = 0)
        long seed,

        @Param(doc = "Steps between checkpoints; a crash loses at most this many steps.", min = 1, max = 100_000_000)
        int checkpointEvery,

        @Param(doc = "Steps between held-out evaluations.", min = 1, max = 100_000_000)
        int evalEvery,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final RewardParams DEFAULTS = new RewardParams(
            150, 8, 1e-3, 10, // steps, rankings_per_step, learning_rate, warmup_steps
            0.0, 1.0, 0.0, 0.0, // weight_decay, grad_clip, margin_per_rank, center_coefficient
            0.2, 1337, 50, 25, // held_out_fraction, seed, checkpoint_every, eval_every
            "cpu");

    public static RewardParams of(Map<String, Object> p) {
        return StageParams.read(p, RewardParams.class);
    }

    public AdamW.Settings adamW() {
        AdamW.Settings d = AdamW.Settings.defaults();
        return new AdamW.Settings(d.beta1(), d.beta2(), d.epsilon(), weightDecay);
    }
}
