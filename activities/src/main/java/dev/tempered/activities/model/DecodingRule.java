package dev.tempered.activities.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The decoding rule every generator shares ({@link Sampler}, the chat engine): one token per row
 * of a (B, V) logits array, chosen by libtorch so that only B ids cross into Java. Copying B × V
 * logits out and sorting each row in Java was three quarters of a sampled rollout's time.
 *
 * <p>Greedy (argmax, the first of equal maxima) when the temperature is 0 or top-k is 1.
 * Otherwise each row's draw is an inverse-CDF lookup of one uniform in [0, 1) that the caller
 * draws from the row's own seeded {@link java.util.Random}, so a seed fixes the tokens and a row's
 * choice depends on nothing else in its batch:
 * <ol>
 *   <li>logits are divided by the temperature and exponentiated after subtracting the row's
 *       maximum (float32; the cumulative sums are float64, so a token far below 2⁻²⁴ of the mass
 *       can still be drawn);
 *   <li>top-k keeps the k largest (libtorch's {@code topk}, largest first); top-p then keeps the
 *       shortest head whose probability reaches p, i.e. every token whose preceding mass is below
 *       p (so at least the most likely one);
 *   <li>the token is the first whose cumulative weight exceeds {@code u × total}. Without top-k
 *       or top-p nothing is sorted: the walk is in id order, which is the same distribution
 *       (PyTorch's {@code multinomial} also draws without sorting).
 * </ol>
 * A token of zero weight is never chosen, even when {@code u × total} rounds up to the total.
 */
public final class DecodingRule {
    private DecodingRule() {}

    /** Whether these settings decode greedily and so draw no uniform. */
    public static boolean isGreedy(double temperature, int topK) {
        return temperature == 0 || topK == 1;
    }

    /**
     * One id per row of {@code logits} (B, V), float32.
     *
     * @param uniforms one value in [0, 1) per row; ignored (may be null) when decoding is greedy
     */
    public static long[] choose(NDArray logits, double temperature, int topK, double topP, double[] uniforms) {
        if (logits.getShape().dimension() != 2) {
            throw new IllegalArgumentException("logits must be (B, V), got " + logits.getShape());
        }
        if (isGreedy(temperature, topK)) return logits.argMax(1).toLongArray();
        int rows = Math.toIntExact(logits.getShape().get(0));
        long vocab = logits.getShape().get(1);
        if (uniforms == null || uniforms.length != rows) {
            throw new IllegalArgumentException("sampling " + rows + " rows needs " + rows + " uniforms, got "
                    + (uniforms == null ? "none" : uniforms.length));
        }
        NDArray weights = logits;
        NDArray ids = null; // column → token id when the columns are a sorted head; null when they are the ids
        boolean cut = (topK > 0 && topK < vocab) || topP < 1;
        if (cut) {
            long k = topK > 0 ? Math.min(topK, vocab) : vocab;
            NDList head = JniUtils.topK((PtNDArray) logits, k, 1, true, true); // values, indices: (B, k)
            weights = head.get(0);
            ids = head.get(1);
        }
        NDArray e = weights.sub(weights.max(new int[] {1}, true))
                .div(temperature)
                .exp()
                .toType(DataType.FLOAT64, false); // (B, k), the largest is 1
        NDArray cumulative = e.cumSum(1);
        if (topP < 1) {
            NDArray before = cumulative.sub(e).div(cumulative.get(new NDIndex(":, -1:")));
            e = e.mul(before.lt(topP).toType(DataType.FLOAT64, false));
            cumulative = e.cumSum(1);
        }
        NDArray total = cumulative.get(new NDIndex(":, -1:")); // (B, 1)
        NDArray target =
                logits.getManager().create(uniforms, new Shape(rows, 1)).mul(total);
        NDArray drawn = cumulative.lte(target).toType(DataType.INT64, false).sum(new int[] {1});
        // Where u × total rounded up to the total, stop at the last token of nonzero weight.
        NDArray lastWeighted =
                cumulative.lt(total).toType(DataType.INT64, false).sum(new int[] {1});
        NDArray column = drawn.minimum(lastWeighted); // (B)
        return ids == null
                ? column.toLongArray()
                : ids.gather(column.expandDims(1), 1).squeeze(1).toLongArray();
    }
}
