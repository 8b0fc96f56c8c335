package dev.tempered.activities.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Validation loss: the mean cross-entropy over the same held-out windows every time, without gradients. */
final class Evaluation {
    private Evaluation() {}

    /**
     * Mean loss over up to {@code maxBatches} batches of windows of {@code validation}; the windows
     * are shorter than the context when the held-out tail is short, so small demos still get a number.
     */
    static double loss(Gpt model, int[] validation, int context, int batchSize, long seed, int maxBatches) {
        int length = Math.min(context, validation.length - 1);
        // A fresh loader with a fixed seed: every evaluation sees the same windows, so values compare.
        TokenWindows windows = new TokenWindows(List.of(validation), length, seed);
        int batches = Math.max(1, Math.min(maxBatches, windows.windowsPerEpoch() / batchSize));
        int b = Math.min(batchSize, windows.windowsPerEpoch());
        double sum = 0;
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            for (int i = 0; i < batches; i++) {
                TokenWindows.Batch batch = windows.next(b);
                try (NDScope scope = new NDScope()) {
                    Shape shape = new Shape(batch.batchSize(), batch.length());
                    NDArray x = manager.create(batch.inputs(), shape); // (B, T)
                    NDArray y = manager.create(batch.targets(), shape); // (B, T)
                    sum += Gpt.crossEntropy(model.forward(x, null, false), y, null)
                            .getFloat();
                }
            }
        }
        return sum / batches;
    }
}
