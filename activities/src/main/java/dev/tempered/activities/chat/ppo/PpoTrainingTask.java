package dev.tempered.activities.chat.ppo;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.chat.rlvr.Rollout;
import dev.tempered.activities.chat.rlvr.Verifier;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongToDoubleFunction;

/**
 * PPO with a KL leash to the SFT model (RLHF), TRL's PPO loop as a {@link TrainingTask}. Each step:
 * one reply per prompt for {@code promptsPerStep} prompts through the shared {@link ChatEngine}
 * (tool calls allowed, forced tool tokens excluded from every per-token quantity), the
 * {@link SequenceScorer}'s score on the whole sequence, per-token rewards {@code −β·k1} plus the
 * score on the last sampled token ({@link PpoRewards}), values from the critic, GAE (γ, λ) and
 * whitened advantages ({@link Gae}), then {@code epochs} passes of {@code minibatches} updates on
 * {@code pg_loss + vf_coef·vf_loss} ({@link PpoLosses}) over policy and critic together.
 *
 * <p>Guards ({@link PpoGuards}) are checked after every batch (KL) and every held-out evaluation
 * (reward hacking, length); when one fires, {@link #stopReason} tells the loop to stop, and
 * {@link #guards()} names the best evaluated step to keep.
 *
 * <p>Metrics per step, TRL's names without their prefixes: {@value #SCORE}, {@value #KL},
 * {@value #NON_SCORE_REWARD}, {@value #RLHF_REWARD}, {@value #ENTROPY}, {@value #APPROX_KL},
 * {@value #CLIPFRAC}, {@value #VALUE_LOSS}, {@value #POLICY_LOSS}, {@value #VALUE_CLIPFRAC},
 * {@value #KL_COEF}, {@value #LENGTH}. Evaluation: {@value #VAL_SCORE}, {@value #VAL_ACCURACY}
 * (held-out verifier accuracy of greedy replies), {@value #VAL_SECOND_REWARD} (the mean second held-out
 * reward, {@link HeldoutReward}), {@value #VAL_LENGTH}.
 */
public final class PpoTrainingTask implements TrainingTask, AutoCloseable {
    public static final String SCORE = "score";
    public static final String KL = "kl";
    public static final String NON_SCORE_REWARD = "non_score_reward";
    public static final String RLHF_REWARD = "rlhf_reward";
    public static final String ENTROPY = "entropy";
    public static final String APPROX_KL = "approx_kl";
    public static final String CLIPFRAC = "clipfrac";
    public static final String VALUE_LOSS = "value_loss";
    public static final String POLICY_LOSS = "policy_loss";
    public static final String VALUE_CLIPFRAC = "value_clipfrac";
    public static final String KL_COEF = "kl_coef";
    public static final String LENGTH = "response_length";
    public static final String VAL_SCORE = "val_score";
    public static final String VAL_ACCURACY = "val_verifier_accuracy";
    public static final String VAL_LENGTH = "val_response_length";
    public static final String VAL_SECOND_REWARD = "val_second_reward";

    public static final String POLICY = "policy/";
    public static final String VALUE = "value/";

    /**
     * @param promptsPerStep rollouts per batch (one reply per prompt)
     * @param sampling rollout sampling (TRL: T 0.7)
     * @param epochs PPO epochs over each batch (TRL: 4)
     * @param minibatches updates per epoch (the batch split into this many shuffled parts)
     * @param gamma discount (1.0)
     * @param lambda GAE λ (0.95)
     * @param clip policy ratio clip (0.2)
     * @param clipValue value clip (0.2)
     * @param vfCoef value loss weight (TRL: 0.1)
     * @param maxGradNorm global-norm clip, 0 for none
     * @param evalMaxTokens reply budget of the greedy held-out replies
     * @param seed sampling and minibatch order
     */
    public record Settings(
            int promptsPerStep,
            EngineSettings sampling,
            int epochs,
            int minibatches,
            double gamma,
            double lambda,
            double clip,
            double clipValue,
            double vfCoef,
            double maxGradNorm,
            int evalMaxTokens,
            long seed) {
        public Settings {
            if (promptsPerStep < 2)
                throw new IllegalArgumentException("prompts_per_step must be ≥ 2 (advantages are whitened)");
            if (minibatches < 1 || minibatches > promptsPerStep) {
                throw new IllegalArgumentException(
                        "minibatches must be in 1.." + promptsPerStep + " (prompts_per_step), got " + minibatches);
            }
            if (epochs < 1) throw new IllegalArgumentException("ppo epochs must be ≥ 1, got " + epochs);
        }

        /** These settings with another number of updates per batch (the bench times one update alone). */
        public Settings withUpdates(int epochs, int minibatches) {
            return new Settings(
                    promptsPerStep,
                    sampling,
                    epochs,
                    minibatches,
                    gamma,
                    lambda,
                    clip,
                    clipValue,
                    vfCoef,
                    maxGradNorm,
                    evalMaxTokens,
                    seed);
        }
    }

    private final Gpt policy;
    private final Gpt reference;
    private final RewardModel critic;
    private final AdamW optimizer;
    private final LongToDoubleFunction schedule;
    private final Settings settings;
    private final SeededCursor<Conversation> prompts;
    private final List<Conversation> heldOut;
    private final ChatRenderer renderer;
    private final SequenceScorer scorer;
    private final Verifier verifier;
    private final HeldoutReward secondReward;
    private final PpoGuards guards;
    private final ModelOrigin origin;
    private final ChatEngine engine;
    private final PpoUpdate update;
    private KlController kl;
    private PpoGuards.State guardState;
    private long step;

    /**
     * @param verifier judges held-out greedy replies for the hacking guard; null when none applies
     * @param secondReward scores held-out greedy replies for the hacking guard, a scorer other than
     *     the reward model; null for none
     */
    public PpoTrainingTask(
            Gpt policy,
            Gpt reference,
            RewardModel critic,
            AdamW optimizer,
            long step,
            LongToDoubleFunction schedule,
            Settings settings,
            KlController kl,
            PpoGuards guards,
            PpoGuards.State guardState,
            SeededCursor<Conversation> prompts,
            List<Conversation> heldOut,
            ChatRenderer renderer,
            SequenceScorer scorer,
            Verifier verifier,
            HeldoutReward secondReward,
            ModelOrigin origin) {
        this.policy = policy;
        this.reference = reference;
        this.critic = critic;
        this.optimizer = optimizer;
        this.step = step;
        this.schedule = schedule;
        this.settings = settings;
        this.kl = kl;
        this.guards = guards;
        this.guardState = guardState;
        this.prompts = prompts;
        this.heldOut = List.copyOf(heldOut);
        this.renderer = renderer;
        this.scorer = scorer;
        this.verifier = verifier;
        this.secondReward = secondReward;
        this.origin = origin;
        this.engine = new ChatEngine(policy, renderer);
        this.update = new PpoUpdate(policy, reference, critic, optimizer, settings);
    }

    public Gpt policy() {
        return policy;
    }

    public RewardModel critic() {
        return critic;
    }

    public PpoGuards.State guards() {
        return guardState;
    }

    public KlController klController() {
        return kl;
    }

    @Override
    public long stepsDone() {
        return step;
    }

    @Override
    public Optional<String> stopReason() {
        return PpoGuards.stop(guardState);
    }

    @Override
    public StepResult step() {
        List<Conversation> items = prompts.next(settings.promptsPerStep());
        List<GenerationRequest> requests = new ArrayList<>();
        List<int[]> promptIds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int[] p = renderer.renderPrompt(items.get(i).withoutLast());
            promptIds.add(p);
            requests.add(
                    new GenerationRequest(p, dev.tempered.activities.chat.rlvr.Seeds.mix(settings.seed(), step, i, 0)));
        }
        List<Generation> gens = engine.generate(requests, settings.sampling(), GenerationListener.NONE);
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < gens.size(); i++)
            sequences.add(concat(promptIds.get(i), gens.get(i).tokens()));
        double[] scores = scorer.score(sequences);
        List<Rollout> rollouts = new ArrayList<>();
        for (int i = 0; i < gens.size(); i++) rollouts.add(new Rollout(promptIds.get(i), gens.get(i), scores[i]));
        double lr = schedule.applyAsDouble(step);
        PpoUpdate.Result u = update.learn(rollouts, kl.value(), step, lr);
        int rows = rollouts.size();
        double meanKl = u.meanKl();
        double meanScore = 0;
        for (double s : scores) meanScore += s;
        meanScore /= rows;
        double length = 0;
        for (Generation g : gens) length += g.tokens().length;

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(SCORE, meanScore);
        metrics.put(KL, meanKl);
        metrics.put(NON_SCORE_REWARD, u.nonScoreReward());
        metrics.put(RLHF_REWARD, meanScore + u.nonScoreReward());
        metrics.put(ENTROPY, u.entropy());
        metrics.put(APPROX_KL, u.approxKl());
        metrics.put(CLIPFRAC, u.clipFraction());
        metrics.put(VALUE_LOSS, u.valueLoss());
        metrics.put(POLICY_LOSS, u.policyLoss());
        metrics.put(VALUE_CLIPFRAC, u.valueClipFraction());
        metrics.put(KL_COEF, kl.value());
        metrics.put(LENGTH, length / rows);
        kl = kl.update(meanKl, rows);
        step++;
        guardState = guards.afterBatch(guardState, step, meanKl);
        return new StepResult(u.loss(), lr, u.gradNorm(), u.trained(), metrics);
    }

    @Override
    public Map<String, Double> evaluate() {
        if (heldOut.isEmpty()) return Map.of();
        List<GenerationRequest> requests = new ArrayList<>();
        List<int[]> promptIds = new ArrayList<>();
        for (Conversation c : heldOut) {
            int[] p = renderer.renderPrompt(c.withoutLast());
            promptIds.add(p);
            requests.add(new GenerationRequest(p, 0));
        }
        List<Generation> gens =
                engine.generate(requests, EngineSettings.greedy(settings.evalMaxTokens()), GenerationListener.NONE);
        List<int[]> sequences = new ArrayList<>();
        double length = 0;
        double correct = 0;
        double second = 0;
        for (int i = 0; i < gens.size(); i++) {
            int[] tokens = gens.get(i).tokens();
            sequences.add(concat(promptIds.get(i), tokens));
            length += tokens.length;
            AssistantReply reply = renderer.parseReply(tokens);
            if (verifier != null && verifier.correct(verifier.reward(heldOut.get(i), tokens, reply))) correct++;
            if (secondReward != null) second += secondReward.reward(heldOut.get(i), tokens, reply);
        }
        double score = 0;
        for (double s : scorer.score(sequences)) score += s;
        score /= gens.size();
        length /= gens.size();
        double accuracy = verifier == null ? Double.NaN : correct / gens.size();
        double secondMean = secondReward == null ? Double.NaN : second / gens.size();
        guardState = guards.afterEvaluation(guardState, step, score, accuracy, secondMean, length);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(VAL_SCORE, score);
        if (verifier != null) out.put(VAL_ACCURACY, accuracy);
        if (secondReward != null) out.put(VAL_SECOND_REWARD, secondMean);
        out.put(VAL_LENGTH, length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public PpoCheckpoint snapshot() {
        return PpoCheckpoint.of(this, optimizer, settings.seed(), prompts.position(), origin);
    }

    @Override
    public void close() {
        update.close();
        optimizer.close();
        policy.close();
        reference.close();
        critic.close();
    }
}
