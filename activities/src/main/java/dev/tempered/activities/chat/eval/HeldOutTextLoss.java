package dev.tempered.activities.chat.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import java.util.function.IntConsumer;

/**
 * Validation loss and bits per byte of a model on held-out tokens (the tail that {@code pretrain}
 * holds out). The tokens are cut into consecutive windows of the model's context, so every token
 * after the first is predicted exactly once, from up to a context of the tokens before it.
 *
 * <p>Bits per byte follows nanochat: the nats of every target that is ordinary text, divided by
 * ln 2 and by the UTF-8 bytes of those targets. Special tokens (BOS between documents) have no bytes
 * and are left out of both sums, so the number compares across tokenizers; the validation loss
 * counts every target, as {@code pretrain}'s does.
 *
 * <p>Not here: sliding windows with overlap (each token sees on average half a context, as in
 * pretrain's validation), sampling a subset of windows.
 */
public final class HeldOutTextLoss {
    /**
     * @param targets tokens predicted
     * @param nats their summed cross-entropy
     * @param textTargets targets that are ordinary text (have bytes)
     * @param textNats the summed cross-entropy of those
     * @param bytes UTF-8 bytes of those
     */
    public record Result(long targets, double nats, long textTargets, double textNats, long bytes) {
        /** Mean nats per predicted token. */
        public double valLoss() {
            return nats / targets;
        }

        /** Bits per UTF-8 byte of the text targets; NaN when none had bytes. */
        public double bitsPerByte() {
            return bytes == 0 ? Double.NaN : textNats / Math.log(2) / bytes;
        }
    }

    private HeldOutTextLoss() {}

    /** UTF-8 bytes of every id of {@code spec}'s vocabulary: its bytes for ordinary tokens, 0 for specials. */
    public static int[] tokenBytes(TokenizerSpec spec) {
        int[] out = new int[spec.vocabSize()];
        for (int id = 0; id < spec.tokensByRank().size(); id++)
            out[id] = spec.tokensByRank().get(id).length;
        return out;
    }

    /**
     * The loss of {@code model} on {@code tokens}, in batches of {@code batchSize} windows.
     *
     * @param tokenBytes UTF-8 bytes per token id ({@link #tokenBytes})
     * @param afterBatch hears the windows done so far after every batch (heartbeats)
     * @throws IllegalArgumentException when there are fewer than two tokens (nothing to predict)
     */
    public static Result measure(Gpt model, int[] tokens, int[] tokenBytes, int batchSize, IntConsumer afterBatch) {
        if (tokens.length < 2) {
            throw new IllegalArgumentException("held-out text of " + tokens.length + " tokens has nothing to predict");
        }
        int length = Math.min(model.config().contextLength(), tokens.length - 1);
        int fullWindows = (tokens.length - 1) / length;
        int rest = tokens.length - 1 - fullWindows * length;
        Sums sums = new Sums();
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            int done = 0;
            while (done < fullWindows) {
                int b = Math.min(batchSize, fullWindows - done);
                score(model, manager, tokens, tokenBytes, done * length, b, length, sums);
                done += b;
                afterBatch.accept(done);
            }
            // The last, shorter window, so that no held-out token is left unscored.
            if (rest > 0) {
                score(model, manager, tokens, tokenBytes, fullWindows * length, 1, rest, sums);
                afterBatch.accept(done + 1);
            }
        }
        return new Result(sums.targets, sums.nats, sums.textTargets, sums.textNats, sums.bytes);
    }

    private static final class Sums {
        long targets;
        double nats;
        long textTargets;
        double textNats;
        long bytes;
    }

    /** Adds the per-token losses of {@code b} consecutive windows of {@code length} starting at {@code start}. */
    private static void score(
            Gpt model, NDManager manager, int[] tokens, int[] tokenBytes, int start, int b, int length, Sums sums) {
        int[] inputs = new int[b * length];
        int[] targets = new int[b * length];
        for (int w = 0; w < b; w++) {
            System.arraycopy(tokens, start + w * length, inputs, w * length, length);
            System.arraycopy(tokens, start + w * length + 1, targets, w * length, length);
        }
        float[] nats;
        try (NDScope scope = new NDScope()) {
            Shape shape = new Shape(b, length);
            NDArray x = manager.create(inputs, shape); // (B, T)
            NDArray y = manager.create(targets, shape).toType(DataType.INT64, false); // (B, T)
            NDArray logp = model.forward(x, null, false).logSoftmax(-1); // (B, T, V)
            nats = logp.gather(y.expandDims(-1), -1).squeeze(-1).neg().toFloatArray(); // (B, T)
        }
        for (int i = 0; i < targets.length; i++) {
            sums.targets++;
            sums.nats += nats[i];
            int bytes = tokenBytes[targets[i]];
            if (bytes > 0) {
                sums.textTargets++;
                sums.textNats += nats[i];
                sums.bytes += bytes;
            }
        }
    }
}
