package dev.tempered.activities.chat.rlvr.stage;

import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.stage.ModelDevices;
import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.List;
import java.util.Map;

/**
 * The {@code rlvr} stage's parameters (see {@link RlvrStage}). Defaults follow nanochat's
 * {@code chat_rl} scaled to the demo model: T 1.0 and top-k 50, advantages r − mean without the
 * std (TRL divides; {@code scale_rewards} switches to it), no KL (β 0, TRL's and nanochat's
 * default), on-policy with one update per batch, a learning rate far under SFT's decaying to 0.
 */
public record RlvrParams(
        @Param(doc = "Optimizer steps (one batch of rollouts each).", min = 1, max = 10_000_000)
        int steps,

        @Param(doc = "Prompts per step.", min = 1, max = 4096)
        int promptsPerStep,

        @Param(doc = "G: samples per prompt, ≥ 2 (the group mean is the baseline).", min = 2, max = 1024)
        int groupSize,

        @Param(doc = "New tokens per reply at most, forced tool output included.", min = 1, max = 4096)
        int maxTokens,

        @Param(doc = "Sampling temperature of the rollouts.", min = 0.05, max = 5)
        double temperature,

        @Param(doc = "Keep the k most likely tokens when sampling; 0 keeps all.", min = 0, max = 1_000_000)
        int topK,

        @Param(doc = "Peak learning rate, decaying linearly to 0 at the last step (nanochat).", min = 1e-8, max = 1)
        double learningRate,

        @Param(
                doc = "Divide each advantage by its group's std + 1e-4 (TRL's scale_rewards); false keeps r − mean "
                        + "(nanochat, Dr. GRPO).")
        boolean scaleRewards,

        @Param(doc = "KL coefficient β to the starting model (k3 per token); 0 needs no reference.", min = 0, max = 10)
        double beta,

        @Param(doc = "Ratio clip ε (TRL's epsilon); on-policy single updates never reach it.", min = 0.01, max = 1)
        double epsilon,

        @Param(
                doc = "Added to the reward of a reply that ends and states a '#### answer', right or wrong.",
                min = 0,
                max = 1)
        double formatReward,

        @Param(doc = "Tasks whose prompts are trained and evaluated (they need an exact checker).")
        List<String> tasks,

        @Param(doc = "Held-out prompts per task for pass@k (the first by id).", min = 0, max = 100_000)
        int evalItems,

        @Param(
                doc = "k: samples per held-out prompt; pass@1 is their mean, pass@k whether any is right.",
                min = 1,
                max = 64)
        int evalSamples,

        @Param(doc = "Steps between held-out pass@k measurements.", min = 1, max = 10_000_000)
        int evalEvery,

        @Param(doc = "Clip the global gradient norm to this; 0 disables.", min = 0, max = 1000)
        double gradClip,

        @Param(doc = "Rollouts per forward/backward pass (memory only; the update is the same).", min = 1, max = 4096)
        int rowsPerMicroBatch,

        @Param(doc = "Prompt order and sampling seed.", min = 0)
        long seed,

        @Param(doc = "Steps between checkpoints; a crash loses at most this many steps.", min = 1, max = 10_000_000)
        int checkpointEvery,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final RlvrParams DEFAULTS = new RlvrParams(
            30,
            8,
            8,
            64, // steps, prompts_per_step, group_size, max_tokens
            1.0,
            50,
            2e-4,
            false, // temperature, top_k, learning_rate, scale_rewards
            0.0,
            0.2,
            0.0,
            List.of("arithmetic", "spelling"), // beta, epsilon, format_reward, tasks
            32,
            4,
            10,
            1.0, // eval_items, eval_samples, eval_every, grad_clip
            32,
            1337,
            10, // rows_per_micro_batch, seed, checkpoint_every
            "cpu");

    public static RlvrParams of(Map<String, Object> p) {
        return StageParams.read(p, RlvrParams.class);
    }

    /** The rollouts' sampling: the tool on, at most 4 calls a reply (evaluate's). */
    public EngineSettings sampling() {
        return new EngineSettings(maxTokens, temperature, topK, 1.0, true, 4);
    }

    /** nanoGPT's betas and PyTorch's epsilon, no weight decay (a zero-gradient step must not move weights). */
    public AdamW.Settings adamW() {
        AdamW.Settings d = AdamW.Settings.defaults();
        return new AdamW.Settings(d.beta1(), d.beta2(), d.epsilon(), 0.0);
    }
}
