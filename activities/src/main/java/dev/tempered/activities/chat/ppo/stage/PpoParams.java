package dev.tempered.activities.chat.ppo.stage;

import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.ppo.PpoTrainingTask;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.stage.ModelDevices;
import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.Map;

/**
 * The {@code ppo} stage's parameters (see {@link PpoStage}); defaults are TRL's PPO defaults where
 * it has them (β 0.05 fixed, k1, γ 1, λ 0.95, clip 0.2 and 0.2, vf_coef 0.1, 4 epochs, T 0.7)
 * scaled to the demo model, with the guards of this stage (KL bound, hacking tolerance, length).
 */
public record PpoParams(
        @Param(doc = "PPO iterations (one batch of rollouts each).", min = 1, max = 10_000_000)
        int steps,

        @Param(doc = "Prompts per batch, one reply each.", min = 2, max = 4096)
        int promptsPerStep,

        @Param(doc = "New tokens per reply at most.", min = 1, max = 4096)
        int maxTokens,

        @Param(doc = "Rollout sampling temperature (TRL: 0.7).", min = 0.05, max = 5)
        double temperature,

        @Param(doc = "PPO epochs over each batch (TRL: 4).", min = 1, max = 64)
        int ppoEpochs,

        @Param(doc = "Minibatches (updates) per epoch.", min = 1, max = 4096)
        int minibatches,

        @Param(doc = "Peak learning rate, decaying linearly to 0.", min = 1e-8, max = 1)
        double learningRate,

        @Param(doc = "KL penalty coefficient β (TRL: 0.05; InstructGPT: 0.02).", min = 0, max = 10)
        double klCoef,

        @Param(
                doc = "Adaptive β's target KL in nats per sequence (Ziegler et al.); 0 keeps β fixed.",
                min = 0,
                max = 1000)
        double klTarget,

        @Param(
                doc = "Guard: stop when a batch's mean KL to the SFT model passes this many nats per sequence.",
                min = 0.001,
                max = 10_000)
        double klBound,

        @Param(
                doc =
                        "Guard: stop when held-out verifier accuracy falls this much below its best while the RM score rises.",
                min = 0,
                max = 1)
        double accuracyDrop,

        @Param(
                doc = "Guard: stop when the held-out mean of the labelers' rubric (a second reward, not the RM's;"
                        + " correct +4, format +1, length up to −0.99) falls this much below its best while the RM"
                        + " score rises.",
                min = 0,
                max = 100)
        double secondRewardDrop,

        @Param(
                doc = "Guard: stop when held-out replies grow past this factor of their starting length.",
                min = 1.01,
                max = 100)
        double lengthFactor,

        @Param(doc = "Value loss weight (TRL: 0.1).", min = 0, max = 10)
        double vfCoef,

        @Param(doc = "Policy ratio clip ε (TRL: 0.2).", min = 0.01, max = 1)
        double cliprange,

        @Param(doc = "Value clip (TRL: 0.2).", min = 0.01, max = 100)
        double cliprangeValue,

        @Param(doc = "GAE λ (TRL: 0.95).", min = 0, max = 1) double lam,

        @Param(doc = "Held-out prompts per checkable task for the guards (greedy replies).", min = 1, max = 100_000)
        int evalItems,

        @Param(
                doc = "Steps between held-out evaluations and checkpoints (the kept checkpoint is an evaluated one).",
                min = 1,
                max = 10_000_000)
        int evalEvery,

        @Param(doc = "Clip the global gradient norm to this; 0 disables.", min = 0, max = 1000)
        double gradClip,

        @Param(doc = "Prompt order, sampling and minibatch seed.", min = 0)
        long seed,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final PpoParams DEFAULTS = new PpoParams(
            30, 16, 48, 0.7, // steps, prompts_per_step, max_tokens, temperature
            4, 2, 1e-4, 0.05, // ppo_epochs, minibatches, learning_rate, kl_coef
            0.0, 20.0, 0.05, 0.4, 2.0, // kl_target, kl_bound, accuracy_drop, second_reward_drop, length_factor
            0.1, 0.2, 0.2, 0.95, // vf_coef, cliprange, cliprange_value, lam
            16, 10, 1.0, 1337, // eval_items, eval_every, grad_clip, seed
            "cpu");

    public static PpoParams of(Map<String, Object> p) {
        return StageParams.read(p, PpoParams.class);
    }

    public EngineSettings sampling() {
        return new EngineSettings(maxTokens, temperature, 0, 1.0, true, 4);
    }

    /** The training task's settings: γ 1 (TRL, InstructGPT), held-out replies as long as rollouts. */
    public PpoTrainingTask.Settings settings() {
        return new PpoTrainingTask.Settings(
                promptsPerStep,
                sampling(),
                ppoEpochs,
                minibatches,
                1.0,
                lam,
                cliprange,
                cliprangeValue,
                vfCoef,
                gradClip,
                maxTokens,
                seed);
    }

    public AdamW.Settings adamW() {
        AdamW.Settings d = AdamW.Settings.defaults();
        return new AdamW.Settings(d.beta1(), d.beta2(), d.epsilon(), 0.0);
    }
}
