package dev.tempered.activities.chat.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.rl.ParamUpdate;
import dev.tempered.activities.chat.rl.SampledLogp;
import dev.tempered.activities.chat.rl.TensorMath;
import dev.tempered.activities.chat.rlvr.PolicyBatch;
import dev.tempered.activities.chat.rlvr.Rollout;
import dev.tempered.activities.chat.rlvr.Seeds;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.NoGrad;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * PPO's optimisation phase of one step, on rollouts already sampled and scored (TRL's PPO loop
 * after generation): old log-probabilities, reference log-probabilities and values at every
 * sampled token without gradients, per-token rewards {@code −β·k1} plus the score on the last
 * sampled token ({@link PpoRewards}), GAE and whitened advantages ({@link Gae}), then
 * {@code epochs} passes of {@code minibatches} shuffled updates on {@code pg_loss + vf_coef·vf_loss}
 * ({@link PpoLosses}) over policy and critic together. Forced tool tokens are the environment's and
 * count nowhere.
 *
 * <p>A class of its own so that the bench ({@code bench/rl}) times exactly what a PPO step runs.
 * Not here: sampling, scoring, the KL controller's update, guards ({@link PpoTrainingTask}).
 */
public final class PpoUpdate implements AutoCloseable {
    /**
     * What one optimisation phase did: the mean loss and gradient norm over its updates, the tokens
     * trained, and TRL's logged statistics (means over updates; KL and non-score reward per sequence).
     */
    public record Result(
            double loss,
            double gradNorm,
            long trained,
            double meanKl,
            double nonScoreReward,
            double policyLoss,
            double valueLoss,
            double clipFraction,
            double valueClipFraction,
            double approxKl,
            double entropy) {}

    private final Gpt policy;
    private final Gpt reference;
    private final RewardModel critic;
    private final AdamW optimizer;
    private final Map<String, NDArray> params;
    private final PpoTrainingTask.Settings settings;
    private final NDManager manager;

    public PpoUpdate(
            Gpt policy, Gpt reference, RewardModel critic, AdamW optimizer, PpoTrainingTask.Settings settings) {
        this.policy = policy;
        this.reference = reference;
        this.critic = critic;
        this.optimizer = optimizer;
        this.settings = settings;
        this.manager = NDManager.newBaseManager(policy.device());
        Map<String, NDArray> all = new LinkedHashMap<>();
        policy.parameters().forEach((k, v) -> all.put(PpoTrainingTask.POLICY + k, v));
        critic.parameters().forEach((k, v) -> all.put(PpoTrainingTask.VALUE + k, v));
        this.params = Collections.unmodifiableMap(all);
    }

    /**
     * One optimisation phase on {@code rollouts} (their reward is the reward model's score), with
     * KL coefficient {@code klCoef} and learning rate {@code lr}; {@code step} seeds the minibatch order.
     */
    public Result learn(List<Rollout> rollouts, double klCoef, long step, double lr) {
        double[] scores = new double[rollouts.size()];
        for (int i = 0; i < scores.length; i++) scores[i] = rollouts.get(i).reward();
        PolicyBatch batch = PolicyBatch.of(rollouts);
        int rows = batch.rows();
        int t = batch.length();
        // The sampled tokens, row after row (PPO's response tokens; forced tool output is the
        // environment's): everything per token below is over these positions only.
        long[] all = SampledLogp.positions(batch, 0, rows);
        int[] lengths = new int[rows];
        for (long p : all) lengths[(int) (p / t)]++;

        // Old log-probabilities, reference log-probabilities and values at every sampled token, no gradients.
        float[] oldLogp;
        float[] refLogp;
        float[] values;
        try (NoGrad off = NoGrad.enter();
                NDScope scope = new NDScope()) {
            NDArray x = manager.create(batch.inputs(), new Shape(rows, t));
            NDArray at = manager.create(all);
            NDArray y = manager.create(SampledLogp.targets(batch, 0, all));
            oldLogp = SampledLogp.of(policy, x, at, y).logp().toFloatArray();
            refLogp = SampledLogp.of(reference, x, at, y).logp().toFloatArray();
            values = critic.tokenScores(x, false).reshape(-1).gather(at, 0).toFloatArray();
        }
        double[][] lp = new double[rows][];
        double[][] rp = new double[rows][];
        double[][] v = new double[rows][];
        int[] offset = new int[rows]; // row r's tokens start at all[offset[r]]
        for (int r = 0, o = 0; r < rows; o += lengths[r], r++) {
            offset[r] = o;
            lp[r] = new double[lengths[r]];
            rp[r] = new double[lengths[r]];
            v[r] = new double[lengths[r]];
            for (int i = 0; i < lengths[r]; i++) {
                lp[r][i] = oldLogp[o + i];
                rp[r][i] = refLogp[o + i];
                v[r][i] = values[o + i];
            }
        }
        PpoRewards.Result shaped = PpoRewards.compute(lp, rp, lengths, scores, klCoef, KlEstimator.K1);
        Gae.Result gae = Gae.compute(shaped.rewards(), v, lengths, settings.gamma(), settings.lambda());
        double[][] white = Gae.whiten(gae.advantages(), lengths);
        Tokens tokens = new Tokens(batch, all, offset, lengths, oldLogp, values, white, gae.returns());

        double[] sums = new double[6]; // policy loss, value loss, clipfrac, value clipfrac, approx kl, entropy
        double lossSum = 0;
        double normSum = 0;
        int updates = 0;
        Random order = new Random(Seeds.mix(settings.seed(), step, -1, -1));
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            List<Integer> idx = new ArrayList<>();
            for (int r = 0; r < rows; r++) idx.add(r);
            Collections.shuffle(idx, order);
            for (int m = 0; m < settings.minibatches(); m++) {
                int from = m * rows / settings.minibatches();
                int to = (m + 1) * rows / settings.minibatches();
                List<Integer> part = idx.subList(from, to);
                int sampled = 0;
                for (int r : part) sampled += lengths[r];
                if (sampled == 0) continue; // every reply of this minibatch empty: no token to learn from
                ParamUpdate.Result u;
                try (NDScope scope = new NDScope()) {
                    u = ParamUpdate.apply(
                            params,
                            optimizer,
                            lr,
                            settings.maxGradNorm(),
                            manager,
                            1,
                            i -> minibatchLoss(tokens, part, sums));
                }
                lossSum += u.loss();
                normSum += u.gradNorm();
                updates++;
            }
        }
        double meanKl = shaped.meanSequenceKl();
        double nonScore = 0;
        for (double[] row : shaped.kl()) for (double k : row) nonScore -= klCoef * k;
        nonScore /= rows;

        int n = Math.max(1, updates); // no update ran (every reply empty): the means are 0
        return new PpoUpdate.Result(
                lossSum / n,
                normSum / n,
                batch.trained(),
                meanKl,
                nonScore,
                sums[0] / n,
                sums[1] / n,
                sums[2] / n,
                sums[3] / n,
                sums[4] / n,
                sums[5] / n);
    }

    /**
     * A phase's per-token quantities: row r's {@code lengths[r]} sampled tokens sit from
     * {@code offset[r]} on in {@code positions} (flat positions in the batch) and in each array.
     */
    private record Tokens(
            PolicyBatch batch,
            long[] positions,
            int[] offset,
            int[] lengths,
            float[] oldLogp,
            float[] oldValues,
            double[][] advantages,
            double[][] returns) {}

    private NDArray minibatchLoss(Tokens k, List<Integer> rowsOf, double[] sums) {
        PolicyBatch b = k.batch();
        int t = b.length();
        int n = rowsOf.size();
        int[] x = new int[n * t];
        int sampled = 0;
        for (int r : rowsOf) sampled += k.lengths()[r];
        long[] at = new long[sampled];
        int[] y = new int[sampled];
        float[] ol = new float[sampled];
        float[] ov = new float[sampled];
        float[] a = new float[sampled];
        float[] rt = new float[sampled];
        int j = 0;
        for (int row = 0; row < n; row++) {
            int r = rowsOf.get(row);
            System.arraycopy(b.inputs(), r * t, x, row * t, t);
            for (int i = 0; i < k.lengths()[r]; i++, j++) {
                int p = (int) k.positions()[k.offset()[r] + i];
                at[j] = (long) row * t + (p - r * t);
                y[j] = b.targets()[p];
                ol[j] = k.oldLogp()[k.offset()[r] + i];
                ov[j] = k.oldValues()[k.offset()[r] + i];
                a[j] = (float) k.advantages()[r][i];
                rt[j] = (float) k.returns()[r][i];
            }
        }
        // The losses see the M sampled tokens as one (1, M) row, all of them counted: the same
        // means as the (N, T) batch under its mask.
        Shape shape = new Shape(1, sampled);
        NDArray xs = manager.create(x, new Shape(n, t));
        NDArray idx = manager.create(at);
        NDArray m = manager.ones(shape);
        SampledLogp.Result lp = SampledLogp.of(policy, xs, idx, manager.create(y));
        PpoLosses.Policy pg = PpoLosses.policy(
                lp.logp().reshape(shape), manager.create(ol, shape), manager.create(a, shape), m, settings.clip());
        NDArray vpred = critic.tokenScores(xs, false).reshape(-1).gather(idx, 0).reshape(shape); // (1, M)
        PpoLosses.Value vf =
                PpoLosses.value(vpred, manager.create(ov, shape), manager.create(rt, shape), m, settings.clipValue());
        // Entropy is only logged: from detached log-probabilities (TRL computes it under no_grad).
        NDArray entropy = SampledLogp.entropy(lp.all()); // (M)
        sums[0] += pg.loss().getFloat();
        sums[1] += vf.loss().getFloat();
        sums[2] += pg.clipFraction();
        sums[3] += vf.clipFraction();
        sums[4] += pg.approxKl();
        sums[5] += entropy.mean().getFloat();
        return pg.loss().add(TensorMath.times(vf.loss(), settings.vfCoef()));
    }

    @Override
    public void close() {
        manager.close();
    }
}
