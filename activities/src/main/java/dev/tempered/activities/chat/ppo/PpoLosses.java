package dev.tempered.activities.chat.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.tempered.activities.chat.rl.TensorMath;

/**
 * PPO's clipped surrogate and clipped value losses as TRL's PPO trainer writes them, over (B, T)
 * response tokens with a 0/1 mask:
 * <ul>
 *   <li>policy: {@code ratio = exp(logp − logp_old)}, loss {@code mean(max(−A·ratio,
 *       −A·clamp(ratio, 1−ε, 1+ε)))}, clip fraction = share of tokens where the clipped term wins;
 *   <li>value: {@code 0.5·mean(max((v − R)², (clamp(v, v_old − ε_v, v_old + ε_v) − R)²))};
 *   <li>{@code approxkl = 0.5·mean((logp − logp_old)²)}.
 * </ul>
 * Means are over masked tokens. One deviation, named: TRL's {@code approxkl} averages over every
 * position including padding; ours only over response tokens, so it does not shrink with padding.
 */
public final class PpoLosses {
    private PpoLosses() {}

    /** The policy loss (a scalar with gradients) and its logged statistics. */
    public record Policy(NDArray loss, double clipFraction, double approxKl) {}

    /** The value loss (a scalar with gradients) and its clip fraction. */
    public record Value(NDArray loss, double clipFraction) {}

    public static Policy policy(NDArray logp, NDArray oldLogp, NDArray advantages, NDArray mask, double clip) {
        NDArray diff = logp.sub(oldLogp); // (B, T)
        NDArray ratio = diff.exp(); // (B, T)
        NDArray l1 = advantages.neg().mul(ratio); // (B, T)
        NDArray l2 = advantages.neg().mul(TensorMath.clamp(ratio, 1 - clip, 1 + clip)); // (B, T)
        NDArray loss = TensorMath.maskedMean(NDArrays.maximum(l1, l2), mask);
        double clipped = TensorMath.maskedMean(l2.gt(l1).toType(mask.getDataType(), false), mask)
                .getFloat();
        double approxKl = 0.5 * TensorMath.maskedMean(diff.mul(diff), mask).getFloat();
        return new Policy(loss, clipped, approxKl);
    }

    public static Value value(NDArray v, NDArray oldV, NDArray returns, NDArray mask, double clip) {
        NDArray lo = oldV.sub(TensorMath.times(oldV.onesLike(), clip));
        NDArray hi = oldV.add(TensorMath.times(oldV.onesLike(), clip));
        NDArray clipped = NDArrays.minimum(NDArrays.maximum(v, lo), hi); // (B, T)
        NDArray e1 = v.sub(returns); // (B, T)
        NDArray e2 = clipped.sub(returns); // (B, T)
        NDArray s1 = e1.mul(e1);
        NDArray s2 = e2.mul(e2);
        NDArray loss = TensorMath.times(TensorMath.maskedMean(NDArrays.maximum(s1, s2), mask), 0.5);
        double frac = TensorMath.maskedMean(s2.gt(s1).toType(mask.getDataType(), false), mask)
                .getFloat();
        return new Value(loss, frac);
    }
}
