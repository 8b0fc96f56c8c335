package dev.tempered.activities.chat.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.rlvr.PolicyBatch;
import dev.tempered.activities.model.Gpt;

/**
 * Log-probabilities of a policy batch's sampled tokens only. The trunk runs on every position (each
 * needs its prefix), but the V-wide LM head, log-softmax and gather, most of the work at a
 * vocabulary of thousands and a width of a hundred or so, run on the M sampled positions: prompt,
 * forced tool output and padding never count in an RL loss. TRL log-softmaxes the response slice
 * only; this also skips the head there. The same means as the (N, T) batch under its mask, up to
 * float rounding.
 */
public final class SampledLogp {
    private SampledLogp() {}

    /**
     * @param all log-probabilities of every token at each sampled position (M, V), for the entropy
     * @param logp log-probabilities of the sampled tokens (M)
     */
    public record Result(NDArray all, NDArray logp) {}

    /**
     * The flat positions (row-major within rows {@code [from, to)}, counted from row {@code from})
     * whose target is a sampled token, in order.
     */
    public static long[] positions(PolicyBatch b, int from, int to) {
        int t = b.length();
        int n = 0;
        for (int i = from * t; i < to * t; i++) if (b.mask()[i] != 0) n++;
        long[] at = new long[n];
        for (int i = from * t, k = 0; i < to * t; i++) if (b.mask()[i] != 0) at[k++] = i - (long) from * t;
        return at;
    }

    /** The targets of rows {@code [from, to)} at {@code positions} (as {@link #positions} counts them). */
    public static int[] targets(PolicyBatch b, int from, long[] positions) {
        int[] y = new int[positions.length];
        for (int k = 0; k < y.length; k++) y[k] = b.targets()[(int) (from * (long) b.length() + positions[k])];
        return y;
    }

    /**
     * Under {@code model}, for inputs {@code x} (N, T): the log-probabilities at the flat positions
     * {@code at} (M ≥ 1, int64) of the targets {@code targets} (M).
     */
    public static Result of(Gpt model, NDArray x, NDArray at, NDArray targets) {
        long m = at.getShape().get(0);
        if (m == 0) throw new IllegalArgumentException("no sampled positions: the loss has no token to count");
        NDArray h = model.hidden(x, null, false); // (N, T, C)
        long c = h.getShape().get(2);
        NDArray rows = h.reshape(-1, c).gather(at.reshape(m, 1).broadcast(new Shape(m, c)), 0); // (M, C)
        NDArray all = model.head(rows).logSoftmax(-1); // (M, V)
        NDArray logp = all.gather(targets.toType(DataType.INT64, false).reshape(m, 1), 1)
                .reshape(m); // (M)
        return new Result(all, logp);
    }

    /** −Σ p·log p per position of detached log-probabilities (M, V) → (M): logged, never trained on. */
    public static NDArray entropy(NDArray all) {
        NDArray detached = all.stopGradient();
        return detached.exp().mul(detached).sum(new int[] {-1}).neg();
    }
}
