package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradients do not depend on when the JVM collects garbage. A backward pass reads every tensor its
 * graph saved in the forward pass; one that lives in a Java direct buffer which was closed after
 * its op (DJL's {@code mul(Number)} did that with the attention scale) is freed by the next
 * collection, and backward then reads freed memory. Here one forward and backward run twice on the
 * same weights and batch, the second with collections between them: the gradients must be
 * bit-identical. Before {@link Gpt#scalar} they differed in every attention and earlier parameter.
 */
class GradientAfterCollectionTest {
    private static final GptConfig CONFIG = new GptConfig(2, 4, 64, 32, 256, 0.0);

    @Test
    void gradientsAreTheSameWhenGarbageIsCollectedBetweenForwardAndBackward() throws Exception {
        TokenWindows.Batch batch =
                new TokenWindows(List.of(ParityRun.tokens()), CONFIG.contextLength(), ParityRun.SEED).next(8);
        Map<String, float[]> calm = gradients(batch, false);
        Map<String, float[]> collected = gradients(batch, true);
        assertEquals(calm.keySet(), collected.keySet());
        for (String path : calm.keySet()) {
            assertArrayEquals(
                    calm.get(path), collected.get(path), "gradient of " + path + " after a collection before backward");
        }
    }

    /** Every parameter's gradient after one forward and backward; {@code collect}: run the GC in between. */
    private static Map<String, float[]> gradients(TokenWindows.Batch batch, boolean collect)
            throws InterruptedException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(CONFIG, ParityRun.SEED, manager);
                NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Shape shape = new Shape(batch.batchSize(), batch.length());
            NDArray x = manager.create(batch.inputs(), shape);
            NDArray y = manager.create(batch.targets(), shape);
            NDArray loss = Gpt.crossEntropy(model.forward(x, null, true), y, null);
            if (collect) {
                // The cleaner thread frees unreachable direct buffers after a collection; several
                // rounds give it the chance, and the allocations reuse what it freed.
                for (int i = 0; i < 5; i++) {
                    System.gc();
                    Thread.sleep(50);
                    manager.create(new float[64]).close();
                }
            }
            gc.backward(loss);
            model.parameters()
                    .forEach((path, p) -> out.put(path, p.getGradient().toFloatArray()));
        }
        return out;
    }
}
