package dev.tempered.activities.chat.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.rlvr.PolicyBatch;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.NoGrad;
import org.junit.jupiter.api.Test;

/**
 * The sampled-token path gives what the whole (N, T, V) log-softmax gives at the masked positions,
 * for rows that start anywhere in a batch.
 */
class SampledLogpTest {

    /** Three rows of 6 positions; the mask marks sampled targets at uneven places (row 1 has none). */
    private static PolicyBatch batch() {
        int rows = 3;
        int t = 6;
        int[] inputs = new int[rows * t];
        int[] targets = new int[rows * t];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (7 * i + 3) % 61;
            targets[i] = (11 * i + 5) % 61;
        }
        float[] mask = new float[rows * t];
        for (int i : new int[] {3, 4, 5, 14, 15}) mask[i] = 1;
        return new PolicyBatch(rows, t, inputs, targets, mask, 5);
    }

    @Test
    void positionsCountFromTheFirstRowAskedFor() {
        PolicyBatch b = batch();
        assertArrayEquals(new long[] {3, 4, 5, 14, 15}, SampledLogp.positions(b, 0, 3));
        assertArrayEquals(new long[] {14 - 12, 15 - 12}, SampledLogp.positions(b, 2, 3));
        assertArrayEquals(new long[] {}, SampledLogp.positions(b, 1, 2));
        assertArrayEquals(new int[] {b.targets()[14], b.targets()[15]}, SampledLogp.targets(b, 2, new long[] {2, 3}));
    }

    @Test
    void logProbabilitiesEqualTheFullLogSoftmaxAtTheSampledPositions() {
        PolicyBatch b = batch();
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(GptConfig.demo(61), 3, manager);
                NoGrad off = NoGrad.enter();
                NDScope scope = new NDScope()) {
            NDArray x = manager.create(b.inputs(), new Shape(b.rows(), b.length()));
            long[] at = SampledLogp.positions(b, 0, b.rows());
            SampledLogp.Result r =
                    SampledLogp.of(model, x, manager.create(at), manager.create(SampledLogp.targets(b, 0, at)));
            float[] full = model.forward(x, null, false).logSoftmax(-1).toFloatArray(); // (N, T, V)
            float[] got = r.logp().toFloatArray();
            float[] entropy = SampledLogp.entropy(r.all()).toFloatArray();
            int v = 61;
            for (int k = 0; k < at.length; k++) {
                int p = (int) at[k];
                assertEquals(full[p * v + b.targets()[p]], got[k], 1e-5, "position " + p);
                double h = 0;
                for (int j = 0; j < v; j++) h -= Math.exp(full[p * v + j]) * full[p * v + j];
                assertEquals(h, entropy[k], 1e-4, "entropy at position " + p);
            }
        }
    }
}
