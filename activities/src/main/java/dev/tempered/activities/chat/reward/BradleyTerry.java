package dev.tempered.activities.chat.reward;

import ai.djl.ndarray.NDArray;
import dev.tempered.activities.chat.rl.TensorMath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reward model's pairwise loss. Per pair, TRL's {@code RewardTrainer}:
 * {@code −log σ(r_chosen − r_rejected − margin)}. Over a batch, InstructGPT's form: the pairs of one
 * ranking (its C(K,2) pairs) are one batch element, each ranking's loss is the mean over its pairs
 * and the batch loss is the mean over rankings, so a ranking of 9 responses (36 pairs) weighs as
 * much as one of 2. With one ranking, or rankings of equal size, this is exactly TRL's mean over
 * pairs. Optional centring (TRL's {@code center_rewards_coefficient}): {@code c·mean((r_c + r_r)²)}
 * keeps rewards near 0.
 *
 * <p>Ties make no pair (a {@code PreferencePair} requires distinct ranks), so there is nothing to
 * drop here. Not here: scoring (the {@link RewardModel}).
 */
public final class BradleyTerry {
    private BradleyTerry() {}

    /** Per-pair losses (P,) from scores (P,) and margins (P,), or no margin when {@code margin} is null. */
    public static NDArray pairLosses(NDArray chosen, NDArray rejected, NDArray margin) {
        NDArray diff = chosen.sub(rejected); // (P,)
        if (margin != null) diff = diff.sub(margin);
        return TensorMath.logSigmoid(diff).neg(); // (P,)
    }

    /**
     * Each pair's weight in the batch loss: 1 / (rankings in the batch × pairs of its ranking), so
     * the weighted sum is the mean over rankings of the mean over their pairs.
     *
     * @param group the ranking index of each pair (any ints; equal means same ranking)
     */
    public static float[] groupWeights(int[] group) {
        Map<Integer, Integer> sizes = new LinkedHashMap<>();
        for (int g : group) sizes.merge(g, 1, Integer::sum);
        float[] w = new float[group.length];
        for (int i = 0; i < group.length; i++) w[i] = (float) (1.0 / (sizes.size() * (double) sizes.get(group[i])));
        return w;
    }

    /**
     * The batch loss: Σ weight·pairLoss (weights from {@link #groupWeights}), plus
     * {@code centring · mean((r_c + r_r)²)} when {@code centring > 0}. A scalar.
     */
    public static NDArray loss(NDArray chosen, NDArray rejected, NDArray margin, NDArray weights, double centring) {
        NDArray loss = pairLosses(chosen, rejected, margin).mul(weights).sum();
        if (centring > 0) {
            NDArray sum = chosen.add(rejected);
            loss = loss.add(TensorMath.times(sum.mul(sum).mean(), centring));
        }
        return loss;
    }
}
