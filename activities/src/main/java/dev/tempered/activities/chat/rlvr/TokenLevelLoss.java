package dev.tempered.activities.chat.rlvr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.tempered.activities.chat.rl.TensorMath;

/**
 * GRPO's token-level loss (TRL's {@code loss_type="dapo"}): per response token
 * {@code −min(ratio·A, clamp(ratio, 1−ε, 1+ε)·A) + β·k3(π, π_ref)}, summed over every masked token of
 * the batch and divided by their count, so long and short responses weigh by their tokens. With
 * on-policy samples and one update per batch (nanochat, the stage's default) the ratio is 1 and the
 * gradient is {@code −A·∇log π} per token, nanochat's {@code −Σ logp·A / tokens}.
 */
public final class TokenLevelLoss {
    private TokenLevelLoss() {}

    /**
     * @param logp log-probabilities of the sampled tokens under the policy, with gradients (B, T)
     * @param oldLogp the same under the sampling policy, no gradients (B, T)
     * @param refLogp under the reference, or null when β is 0 (B, T)
     * @param advantages one per row (B, 1), broadcast over its tokens
     * @param mask 1 on trained response tokens, 0 on prompt, forced tool output and padding (B, T)
     */
    public static NDArray loss(
            NDArray logp,
            NDArray oldLogp,
            NDArray refLogp,
            NDArray advantages,
            NDArray mask,
            double epsilon,
            double beta) {
        return perToken(logp, oldLogp, refLogp, advantages, epsilon, beta)
                .mul(mask)
                .sum()
                .div(mask.sum());
    }

    /**
     * The per-token terms (B, T) before masking, so that a batch split into micro-batches can sum
     * each one's masked terms and divide by the whole batch's token count (the same normalisation).
     */
    public static NDArray perToken(
            NDArray logp, NDArray oldLogp, NDArray refLogp, NDArray advantages, double epsilon, double beta) {
        NDArray ratio = logp.sub(oldLogp).exp(); // (B, T)
        NDArray a = advantages.broadcast(ratio.getShape()); // (B, T)
        NDArray per = NDArrays.minimum(
                        ratio.mul(a),
                        TensorMath.clamp(ratio, 1 - epsilon, 1 + epsilon).mul(a))
                .neg(); // (B, T)
        if (beta != 0) {
            NDArray d = refLogp.sub(logp); // (B, T)
            NDArray k3 = d.exp().sub(d).sub(d.onesLike()); // (B, T)
            per = per.add(TensorMath.times(k3, beta));
        }
        return per;
    }
}
