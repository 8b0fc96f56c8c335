package dev.tempered.activities.chat.rl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.training.NonFiniteUpdateException;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One optimizer update over any set of named parameters (a GPT trunk with a scalar head, a policy
 * with its value head): forward and backward over {@code n} micro-batches, each loss divided by n
 * so the update equals one big batch's, global-norm clipping, and an {@link AdamW} update. The same
 * arithmetic as {@code GptTrainer}'s update, which is tied to a plain GPT; a NaN or infinite loss
 * or gradient norm throws {@link NonFiniteUpdateException} with the gradients zeroed and nothing
 * updated.
 *
 * <p>Call inside an {@code NDScope}; build every loss from arrays of {@code manager} (or the
 * parameters' own), with scalar operands as tensors (see {@code Gpt.scalar}).
 */
public final class ParamUpdate {
    private ParamUpdate() {}

    /** The update's mean loss over its micro-batches and the gradient norm before clipping. */
    public record Result(double loss, double gradNorm) {}

    public static Result apply(
            Map<String, NDArray> params,
            AdamW optimizer,
            double learningRate,
            double maxGradNorm,
            NDManager manager,
            int n,
            IntFunction<NDArray> lossOf) {
        if (n < 1) throw new IllegalArgumentException("an update needs at least one micro-batch, got " + n);
        double lossSum = 0;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int i = 0; i < n; i++) {
                NDArray loss = lossOf.apply(i);
                double l = loss.getFloat();
                if (!Double.isFinite(l)) {
                    zero(params);
                    throw new NonFiniteUpdateException("loss is " + l + " on micro-batch " + i, null);
                }
                lossSum += l;
                gc.backward(n == 1 ? loss : loss.div(dev.tempered.activities.model.Gpt.scalar(manager, n)));
            }
        }
        double sumSquares = 0;
        for (NDArray p : params.values()) {
            double norm = p.getGradient().norm().getFloat();
            sumSquares += norm * norm;
        }
        double norm = Math.sqrt(sumSquares);
        if (!Double.isFinite(norm)) {
            zero(params);
            throw new NonFiniteUpdateException("gradient norm is " + norm, null);
        }
        double scale = maxGradNorm > 0 ? Math.min(1.0, maxGradNorm / (norm + 1e-6)) : 1.0;
        optimizer.update(params, learningRate, scale);
        return new Result(lossSum / n, norm);
    }

    /** Sets accumulated gradients to 0 (not g − g, which keeps NaN) so a later update starts clean. */
    private static void zero(Map<String, NDArray> params) {
        for (NDArray p : params.values()) JniUtils.zeroGrad((PtNDArray) p);
    }
}
