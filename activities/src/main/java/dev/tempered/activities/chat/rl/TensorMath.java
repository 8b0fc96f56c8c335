package dev.tempered.activities.chat.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import dev.tempered.activities.model.Gpt;

/**
 * The few tensor helpers the reward, PPO and RLVR losses share, written so that autograd can
 * differentiate through them safely: every scalar operand is a tensor of the array's own manager
 * ({@link Gpt#scalar}), never a Java {@code Number} (DJL frees a Number's temporary tensor while
 * the backward node still holds it; see {@link Gpt#scalar}).
 */
public final class TensorMath {
    private TensorMath() {}

    /** log σ(x), stably: −softplus(−x) (libtorch's softplus switches to x above 20). */
    public static NDArray logSigmoid(NDArray x) {
        return Activation.softPlus(x.neg()).neg();
    }

    /** {@code x} clamped to [lo, hi] by maximum and minimum against scalar tensors. */
    public static NDArray clamp(NDArray x, double lo, double hi) {
        return NDArrays.minimum(NDArrays.maximum(x, Gpt.scalar(x.getManager(), lo)), Gpt.scalar(x.getManager(), hi));
    }

    /** Σ(x·mask) / Σ mask: the mean over the positions the mask keeps (TRL's {@code masked_mean}). */
    public static NDArray maskedMean(NDArray x, NDArray mask) {
        return x.mul(mask).sum().div(mask.sum());
    }

    /** {@code x · value} with the value as a tensor (safe under a gradient collector). */
    public static NDArray times(NDArray x, double value) {
        return x.mul(Gpt.scalar(x.getManager(), value));
    }
}
