package dev.tempered.activities.chat.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.rl.ParamUpdate;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.chat.rlvr.PolicyBatch;
import dev.tempered.activities.chat.rlvr.Rollout;
import dev.tempered.activities.chat.rlvr.Verifier;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.NoGrad;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
    }

    private final Gpt policy;
    private final Gpt reference;
    private final RewardModel critic;
    private final AdamW optimizer;
    private final Map<String, NDArray> params;
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
    private final NDManager manager;
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
        this.manager = NDManager.newBaseManager(policy.device());
        Map<String, NDArray> all = new LinkedHashMap<>();
        policy.parameters().forEach((k, v) -> all.put(POLICY + k, v));
        critic.parameters().forEach((k, v) -> all.put(VALUE + k, v));
        this.params = Collections.unmodifiableMap(all);
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
        PolicyBatch batch = PolicyBatch.of(rollouts);
        int rows = batch.rows();
        int t = batch.length();

        // Old log-probabilities, reference log-probabilities and values at every sampled token, no gradients.
        float[] oldLogp;
        float[] refLogp;
        float[] values;
        try (NoGrad off = NoGrad.enter();
                NDScope scope = new NDScope()) {
            NDArray x = manager.create(batch.inputs(), new Shape(rows, t));
            NDArray y = manager.create(batch.targets(), new Shape(rows, t));
            oldLogp = gather(policy.forward(x, null, false).logSoftmax(-1), y).toFloatArray();
            refLogp =
                    gather(reference.forward(x, null, false).logSoftmax(-1), y).toFloatArray();
            values = critic.tokenScores(x, false).toFloatArray();
        }
        // Per row, the sampled tokens in order: PPO's response tokens (forced tool output is the environment's).
        int[][] positions = new int[rows][];
        int[] lengths = new int[rows];
        double[][] lp = new double[rows][];
        double[][] rp = new double[rows][];
        double[][] v = new double[rows][];
        for (int r = 0; r < rows; r++) {
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < t; i++) if (batch.mask()[r * t + i] != 0) at.add(r * t + i);
            positions[r] = at.stream().mapToInt(Integer::intValue).toArray();
            lengths[r] = positions[r].length;
            lp[r] = new double[lengths[r]];
            rp[r] = new double[lengths[r]];
            v[r] = new double[lengths[r]];
            for (int i = 0; i < lengths[r]; i++) {
                lp[r][i] = oldLogp[positions[r][i]];
                rp[r][i] = refLogp[positions[r][i]];
                v[r][i] = values[positions[r][i]];
            }
        }
        PpoRewards.Result shaped = PpoRewards.compute(lp, rp, lengths, scores, kl.value(), KlEstimator.K1);
        Gae.Result gae = Gae.compute(shaped.rewards(), v, lengths, settings.gamma(), settings.lambda());
        double[][] white = Gae.whiten(gae.advantages(), lengths);
        float[] adv = new float[rows * t];
        float[] ret = new float[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < lengths[r]; i++) {
                adv[positions[r][i]] = (float) white[r][i];
                ret[positions[r][i]] = (float) gae.returns()[r][i];
            }
        }

        double lr = schedule.applyAsDouble(step);
        double[] sums = new double[6]; // policy loss, value loss, clipfrac, value clipfrac, approx kl, entropy
        double lossSum = 0;
        double normSum = 0;
        int updates = 0;
        Random order = new Random(dev.tempered.activities.chat.rlvr.Seeds.mix(settings.seed(), step, -1, -1));
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            List<Integer> idx = new ArrayList<>();
            for (int r = 0; r < rows; r++) idx.add(r);
            Collections.shuffle(idx, order);
            for (int m = 0; m < settings.minibatches(); m++) {
                int from = m * rows / settings.minibatches();
                int to = (m + 1) * rows / settings.minibatches();
                List<Integer> part = idx.subList(from, to);
                ParamUpdate.Result u;
                try (NDScope scope = new NDScope()) {
                    u = ParamUpdate.apply(
                            params,
                            optimizer,
                            lr,
                            settings.maxGradNorm(),
                            manager,
                            1,
                            i -> minibatchLoss(batch, part, oldLogp, values, adv, ret, sums));
                }
                lossSum += u.loss();
                normSum += u.gradNorm();
                updates++;
            }
        }
        double meanKl = shaped.meanSequenceKl();
        double nonScore = 0;
        for (double[] row : shaped.kl()) for (double k : row) nonScore -= kl.value() * k;
        nonScore /= rows;
        double meanScore = 0;
        for (double s : scores) meanScore += s;
        meanScore /= rows;
        double length = 0;
        for (Generation g : gens) length += g.tokens().length;

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(SCORE, meanScore);
        metrics.put(KL, meanKl);
        metrics.put(NON_SCORE_REWARD, nonScore);
        metrics.put(RLHF_REWARD, meanScore + nonScore);
        metrics.put(ENTROPY, sums[5] / updates);
        metrics.put(APPROX_KL, sums[4] / updates);
        metrics.put(CLIPFRAC, sums[2] / updates);
        metrics.put(VALUE_LOSS, sums[1] / updates);
        metrics.put(POLICY_LOSS, sums[0] / updates);
        metrics.put(VALUE_CLIPFRAC, sums[3] / updates);
        metrics.put(KL_COEF, kl.value());
        metrics.put(LENGTH, length / rows);
        kl = kl.update(meanKl, rows);
        step++;
        guardState = guards.afterBatch(guardState, step, meanKl);
        return new StepResult(lossSum / updates, lr, normSum / updates, batch.trained(), metrics);
    }

    private NDArray minibatchLoss(
            PolicyBatch b,
            List<Integer> rowsOf,
            float[] oldLogp,
            float[] oldValues,
            float[] adv,
            float[] ret,
            double[] sums) {
        int t = b.length();
        int n = rowsOf.size();
        int[] x = new int[n * t];
        int[] y = new int[n * t];
        float[] mask = new float[n * t];
        float[] ol = new float[n * t];
        float[] ov = new float[n * t];
        float[] a = new float[n * t];
        float[] rt = new float[n * t];
        for (int k = 0; k < n; k++) {
            int r = rowsOf.get(k);
            System.arraycopy(b.inputs(), r * t, x, k * t, t);
            System.arraycopy(b.targets(), r * t, y, k * t, t);
            System.arraycopy(b.mask(), r * t, mask, k * t, t);
            System.arraycopy(oldLogp, r * t, ol, k * t, t);
            System.arraycopy(oldValues, r * t, ov, k * t, t);
            System.arraycopy(adv, r * t, a, k * t, t);
            System.arraycopy(ret, r * t, rt, k * t, t);
        }
        Shape shape = new Shape(n, t);
        NDArray xs = manager.create(x, shape);
        NDArray m = manager.create(mask, shape);
        NDArray all = policy.forward(xs, null, false).logSoftmax(-1); // (N, T, V)
        NDArray logp = gather(all, manager.create(y, shape)); // (N, T)
        PpoLosses.Policy pg =
                PpoLosses.policy(logp, manager.create(ol, shape), manager.create(a, shape), m, settings.clip());
        NDArray vpred = critic.tokenScores(xs, false); // (N, T)
        PpoLosses.Value vf =
                PpoLosses.value(vpred, manager.create(ov, shape), manager.create(rt, shape), m, settings.clipValue());
        NDArray entropy = all.exp().mul(all).sum(new int[] {-1}).neg(); // (N, T)
        sums[0] += pg.loss().getFloat();
        sums[1] += vf.loss().getFloat();
        sums[2] += pg.clipFraction();
        sums[3] += vf.clipFraction();
        sums[4] += pg.approxKl();
        sums[5] += dev.tempered.activities.chat.rl.TensorMath.maskedMean(entropy, m)
                .stopGradient()
                .getFloat();
        return pg.loss().add(dev.tempered.activities.chat.rl.TensorMath.times(vf.loss(), settings.vfCoef()));
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

    private static NDArray gather(NDArray logp, NDArray targets) {
        return logp.gather(targets.toType(DataType.INT64, false).expandDims(-1), -1)
                .squeeze(-1); // (B, T)
    }

    @Override
    public PpoCheckpoint snapshot() {
        return PpoCheckpoint.of(this, optimizer, settings.seed(), prompts.position(), origin);
    }

    @Override
    public void close() {
        manager.close();
        optimizer.close();
        policy.close();
        reference.close();
        critic.close();
    }
}
