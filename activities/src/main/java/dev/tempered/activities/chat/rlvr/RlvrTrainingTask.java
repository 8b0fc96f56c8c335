package dev.tempered.activities.chat.rlvr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.engine.ChatEngine;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.engine.Generation;
import dev.tempered.activities.chat.engine.GenerationListener;
import dev.tempered.activities.chat.engine.GenerationRequest;
import dev.tempered.activities.chat.rl.ParamUpdate;
import dev.tempered.activities.chat.rl.SampledLogp;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.NoGrad;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;

/**
 * RL on verifiable rewards (GRPO, nanochat's {@code chat_rl}) as a {@link TrainingTask}. Each step:
 * draw {@code promptsPerStep} prompts, sample {@code groupSize} replies to each through the shared
 * {@link ChatEngine} (tool calls run and forced into the stream), reward each with the
 * {@link Verifier}, give each its group advantage ({@link GroupAdvantages}), and apply one update
 * on the {@link TokenLevelLoss} over the sampled tokens of all replies (forced tool output and the
 * prompt excluded). On-policy: the replies come from the current weights and one update follows, so
 * the ratio is 1 and the clip never binds (kept for the formula's sake). Optional KL to a frozen
 * reference (β, default 0).
 *
 * <p>A step whose advantages are all 0 (every group all right or all wrong) has no gradient: it
 * applies no optimizer update at all (an AdamW step on a zero gradient would still move weights
 * through its moments and decay) and reports loss 0 and gradient norm 0. The step still counts.
 *
 * <p>Metrics per step: {@value #REWARD_MEAN}, {@value #REWARD_STD} (mean of the groups' stds, TRL's),
 * {@value #ZERO_STD}, {@value #PASS_AT_1} (share of samples judged correct), {@value #LENGTH} (reply
 * tokens), {@value #CLIPPED} (share of replies cut by the token budget), {@value #ENTROPY} (mean
 * per-token entropy of the policy on its own samples). Evaluation: {@value #VAL_PASS_AT_1} and
 * {@code val_pass_at_k} on held-out prompts, k samples each with fixed seeds, overall and per task.
 *
 * <p>Randomness: every reply draws from its own seed, a function of (seed, step, prompt, sample),
 * so a resumed run samples exactly what the original would have.
 */
public final class RlvrTrainingTask implements TrainingTask, AutoCloseable {
    public static final String REWARD_MEAN = "reward_mean";
    public static final String REWARD_STD = "reward_std";
    public static final String ZERO_STD = "frac_reward_zero_std";
    public static final String PASS_AT_1 = "pass_at_1";
    public static final String LENGTH = "response_length";
    public static final String CLIPPED = "clipped_ratio";
    public static final String ENTROPY = "entropy";
    public static final String VAL_PASS_AT_1 = "val_pass_at_1";

    /**
     * @param promptsPerStep prompts per update (nanochat: 16)
     * @param groupSize G samples per prompt, ≥ 2 (nanochat: 16, TRL: 8)
     * @param sampling the engine's settings for rollouts (nanochat: T 1.0, top-k 50, ≤ 256 tokens)
     * @param scaleRewards divide advantages by the group std (TRL) or not (nanochat, the default)
     * @param epsilon ratio clip (TRL: 0.2)
     * @param beta KL coefficient to the reference; 0 (TRL's and nanochat's default) needs no reference
     * @param maxGradNorm global-norm clip, 0 for none
     * @param rowsPerMicroBatch rollouts per forward/backward (memory only: the update is the same)
     * @param evalSamples k for pass@k on held-out prompts
     * @param seed sampling seed
     */
    public record Settings(
            int promptsPerStep,
            int groupSize,
            EngineSettings sampling,
            boolean scaleRewards,
            double epsilon,
            double beta,
            double maxGradNorm,
            int rowsPerMicroBatch,
            int evalSamples,
            long seed) {
        public Settings {
            if (groupSize < 2) {
                throw new IllegalArgumentException(
                        "group_size G must be ≥ 2: the group mean is each sample's baseline; got " + groupSize);
            }
            if (promptsPerStep < 1) throw new IllegalArgumentException("prompts_per_step must be ≥ 1");
            if (rowsPerMicroBatch < 1) throw new IllegalArgumentException("rows per micro-batch must be ≥ 1");
            if (evalSamples < 1) throw new IllegalArgumentException("eval samples must be ≥ 1");
        }
    }

    private final Gpt policy;
    private final Gpt reference;
    private final AdamW optimizer;
    private final LongToDoubleFunction schedule;
    private final Settings settings;
    private final SeededCursor<Conversation> prompts;
    private final List<Conversation> heldOut;
    private final ChatRenderer renderer;
    private final Verifier verifier;
    private final ModelOrigin origin;
    private final ChatEngine engine;
    private final NDManager manager;
    private long step;

    /**
     * @param reference the frozen model for the KL term; null when β is 0
     * @param heldOut prompts for pass@k, each ending with its ideal reply; empty for none
     */
    public RlvrTrainingTask(
            Gpt policy,
            Gpt reference,
            AdamW optimizer,
            long step,
            LongToDoubleFunction schedule,
            Settings settings,
            SeededCursor<Conversation> prompts,
            List<Conversation> heldOut,
            ChatRenderer renderer,
            Verifier verifier,
            ModelOrigin origin) {
        if (settings.beta() != 0 && reference == null) {
            throw new IllegalArgumentException("beta " + settings.beta() + " needs a reference model");
        }
        this.policy = policy;
        this.reference = reference;
        this.optimizer = optimizer;
        this.step = step;
        this.schedule = schedule;
        this.settings = settings;
        this.prompts = prompts;
        this.heldOut = List.copyOf(heldOut);
        this.renderer = renderer;
        this.verifier = verifier;
        this.origin = origin;
        this.engine = new ChatEngine(policy, renderer);
        this.manager = NDManager.newBaseManager(policy.device());
    }

    public Gpt policy() {
        return policy;
    }

    @Override
    public long stepsDone() {
        return step;
    }

    /** Samples G replies to each item with seeds from {@code seedOf(item index, sample)} and rewards them. */
    private List<Rollout> rollouts(
            List<Conversation> items, int samples, java.util.function.LongBinaryOperator seedOf) {
        List<GenerationRequest> requests = new ArrayList<>();
        List<int[]> promptIds = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int[] prompt = renderer.renderPrompt(items.get(i).withoutLast());
            promptIds.add(prompt);
            for (int g = 0; g < samples; g++) requests.add(new GenerationRequest(prompt, seedOf.applyAsLong(i, g)));
        }
        List<Generation> gens = engine.generate(requests, settings.sampling(), GenerationListener.NONE);
        List<Rollout> out = new ArrayList<>();
        for (int k = 0; k < gens.size(); k++) {
            Conversation item = items.get(k / samples);
            Generation g = gens.get(k);
            double reward = verifier.reward(item, g.tokens(), renderer.parseReply(g.tokens()));
            out.add(new Rollout(promptIds.get(k / samples), g, reward));
        }
        return out;
    }

    @Override
    public StepResult step() {
        List<Conversation> items = prompts.next(settings.promptsPerStep());
        long s = step;
        int g = settings.groupSize();
        List<Rollout> rollouts = rollouts(items, g, (i, j) -> mix(settings.seed(), s, i, j));
        double[] rewards = rollouts.stream().mapToDouble(Rollout::reward).toArray();
        double[] advantages = GroupAdvantages.compute(rewards, g, settings.scaleRewards());
        double lr = schedule.applyAsDouble(step);

        Map<String, Double> metrics = new LinkedHashMap<>();
        double mean = 0;
        double correct = 0;
        double length = 0;
        double clipped = 0;
        for (Rollout r : rollouts) {
            mean += r.reward();
            if (verifier.correct(r.reward())) correct++;
            length += r.generation().tokens().length;
            Generation.StopReason stop = r.generation().stop();
            if (stop == Generation.StopReason.MAX_TOKENS || stop == Generation.StopReason.CONTEXT_FULL) clipped++;
        }
        int n = rollouts.size();
        metrics.put(REWARD_MEAN, mean / n);
        metrics.put(REWARD_STD, meanGroupStd(rewards, g));
        metrics.put(ZERO_STD, GroupAdvantages.zeroStdFraction(rewards, g));
        metrics.put(PASS_AT_1, correct / n);
        metrics.put(LENGTH, length / n);
        metrics.put(CLIPPED, clipped / n);

        PolicyBatch batch = PolicyBatch.of(rollouts);
        boolean anySignal = false;
        for (double a : advantages) anySignal |= a != 0;
        if (!anySignal && settings.beta() == 0) {
            step++;
            metrics.put(ENTROPY, entropyOnly(batch));
            return new StepResult(0, lr, 0, batch.trained(), metrics);
        }
        int rowsPer = settings.rowsPerMicroBatch();
        int micro = (batch.rows() + rowsPer - 1) / rowsPer;
        double[] entropySum = {0};
        ParamUpdate.Result r;
        try (NDScope scope = new NDScope()) {
            r = ParamUpdate.apply(policy.parameters(), optimizer, lr, settings.maxGradNorm(), manager, micro, m -> {
                int from = m * rowsPer;
                int to = Math.min(batch.rows(), from + rowsPer);
                NDArray sum = microBatchLoss(batch, advantages, from, to, entropySum);
                // Each micro-batch's masked sum over the whole batch's token count, times the micro-batch
                // count that ParamUpdate divides by: the update is TRL's token-level mean over all replies.
                return sum.mul(Gpt.scalar(manager, (double) micro / batch.trained()));
            });
        }
        step++;
        metrics.put(ENTROPY, entropySum[0] / batch.trained());
        return new StepResult(r.loss(), lr, r.gradNorm(), batch.trained(), metrics);
    }

    /**
     * Σ over the sampled tokens of rows [from, to) of the per-token loss; adds their entropy to
     * {@code entropySum[0]}. The head and log-softmax run on those tokens only ({@link SampledLogp}).
     */
    private NDArray microBatchLoss(PolicyBatch b, double[] advantages, int from, int to, double[] entropySum) {
        int t = b.length();
        NDArray x = manager.create(
                java.util.Arrays.copyOfRange(b.inputs(), from * t, to * t), new Shape(to - from, t)); // (R, T)
        long[] at = SampledLogp.positions(b, from, to);
        if (at.length == 0) {
            // No sampled token in these rows (every reply empty): nothing to learn, but backward needs a graph.
            return policy.hidden(x, null, false).sum().mul(Gpt.scalar(manager, 0));
        }
        Shape shape = new Shape(1, at.length);
        float[] a = new float[at.length];
        for (int k = 0; k < a.length; k++) a[k] = (float) advantages[from + (int) (at[k] / t)];
        NDArray idx = manager.create(at);
        NDArray y = manager.create(SampledLogp.targets(b, from, at));
        SampledLogp.Result lp = SampledLogp.of(policy, x, idx, y);
        NDArray logp = lp.logp().reshape(shape); // (1, M)
        entropySum[0] += SampledLogp.entropy(lp.all()).sum().getFloat();
        NDArray ref = null;
        if (settings.beta() != 0) {
            try (NoGrad off = NoGrad.enter()) {
                ref = SampledLogp.of(reference, x, idx, y).logp().reshape(shape);
            }
        }
        NDArray per = TokenLevelLoss.perToken(
                logp, logp.stopGradient(), ref, manager.create(a, shape), settings.epsilon(), settings.beta());
        return per.sum();
    }

    private double entropyOnly(PolicyBatch b) {
        double sum = 0;
        int t = b.length();
        try (NoGrad off = NoGrad.enter()) {
            for (int from = 0; from < b.rows(); from += settings.rowsPerMicroBatch()) {
                int to = Math.min(b.rows(), from + settings.rowsPerMicroBatch());
                long[] at = SampledLogp.positions(b, from, to);
                if (at.length == 0) continue;
                try (NDScope scope = new NDScope()) {
                    NDArray x = manager.create(
                            java.util.Arrays.copyOfRange(b.inputs(), from * t, to * t), new Shape(to - from, t));
                    SampledLogp.Result lp = SampledLogp.of(
                            policy, x, manager.create(at), manager.create(SampledLogp.targets(b, from, at)));
                    sum += SampledLogp.entropy(lp.all()).sum().getFloat();
                }
            }
        }
        return b.trained() == 0 ? 0 : sum / b.trained();
    }

    @Override
    public Map<String, Double> evaluate() {
        if (heldOut.isEmpty()) return Map.of();
        PassAtK.Result r = passAtK(heldOut);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(VAL_PASS_AT_1, r.passAt1());
        out.put("val_pass_at_" + settings.evalSamples(), r.passAtK());
        r.byTask().forEach((task, v) -> out.put(VAL_PASS_AT_1 + "_" + task, v[0]));
        return out;
    }

    /** pass@1 and pass@k over {@code items}, k samples each with seeds that do not depend on the step. */
    public PassAtK.Result passAtK(List<Conversation> items) {
        int k = settings.evalSamples();
        List<Rollout> rollouts = rollouts(items, k, (i, j) -> mix(settings.seed() ^ 0x5EEDL, -1, i, j));
        Map<String, double[]> byTask = new TreeMap<>();
        double correct = 0;
        double anyCorrect = 0;
        for (int i = 0; i < items.size(); i++) {
            int ok = 0;
            for (int j = 0; j < k; j++)
                if (verifier.correct(rollouts.get(i * k + j).reward())) ok++;
            correct += (double) ok / k;
            if (ok > 0) anyCorrect++;
            double[] t = byTask.computeIfAbsent(String.valueOf(items.get(i).task()), x -> new double[3]);
            t[0] += (double) ok / k;
            t[1] += ok > 0 ? 1 : 0;
            t[2]++;
        }
        Map<String, double[]> rates = new TreeMap<>();
        byTask.forEach((task, t) -> rates.put(task, new double[] {t[0] / t[2], t[1] / t[2]}));
        return new PassAtK.Result(correct / items.size(), anyCorrect / items.size(), k, rates);
    }

    private static double meanGroupStd(double[] rewards, int g) {
        double sum = 0;
        int groups = rewards.length / g;
        for (int start = 0; start < rewards.length; start += g) {
            double m = 0;
            for (int i = 0; i < g; i++) m += rewards[start + i];
            m /= g;
            double sq = 0;
            for (int i = 0; i < g; i++) sq += (rewards[start + i] - m) * (rewards[start + i] - m);
            sum += Math.sqrt(sq / (g - 1));
        }
        return sum / groups;
    }

    static long mix(long seed, long step, long prompt, long sample) {
        return Seeds.mix(seed, step, prompt, sample);
    }

    @Override
    public Checkpoint snapshot() {
        return new Checkpoint(
                policy.config(), step, settings.seed(), prompts.position(), policy.values(), optimizer.state(), origin);
    }

    @Override
    public void close() {
        manager.close();
        optimizer.close();
        policy.close();
        if (reference != null) reference.close();
    }
}
