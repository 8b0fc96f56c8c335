package dev.tempered.activities.chat.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.rl.ParamUpdate;
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
        PpoRewards.Result shaped = PpoRewards.compute(lp, rp, lengths, scores, klCoef, KlEstimator.K1);
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
        for (double[] row : shaped.kl()) for (double k : row) nonScore -= klCoef * k;
        nonScore /= rows;

        return new PpoUpdate.Result(
                lossSum / updates,
                normSum / updates,
                batch.trained(),
                meanKl,
                nonScore,
                sums[0] / updates,
                sums[1] / updates,
                sums[2] / updates,
                sums[3] / updates,
                sums[4] / updates,
                sums[5] / updates);
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
        // Entropy is only logged: taken from detached log-probabilities, autograd records none of
        // its (N, T, V) intermediates (TRL computes it under no_grad).
        NDArray detached = all.stopGradient();
        NDArray entropy = detached.exp().mul(detached).sum(new int[] {-1}).neg(); // (N, T)
        sums[0] += pg.loss().getFloat();
        sums[1] += vf.loss().getFloat();
        sums[2] += pg.clipFraction();
        sums[3] += vf.clipFraction();
        sums[4] += pg.approxKl();
        sums[5] += TensorMath.maskedMean(entropy, m).getFloat();
        return pg.loss().add(TensorMath.times(vf.loss(), settings.vfCoef()));
    }

    private static NDArray gather(NDArray logp, NDArray targets) {
        return logp.gather(targets.toType(DataType.INT64, false).expandDims(-1), -1)
                .squeeze(-1); // (B, T)
    }

    @Override
    public void close() {
        manager.close();
    }
}
