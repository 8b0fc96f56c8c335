package dev.tempered.activities.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The run that {@code bench/model/make_reference.py} repeats in PyTorch: a small model, its
 * seeded initial weights, 20 steps of two micro-batches each from a seeded {@link TokenWindows}
 * over a synthetic token stream, AdamW with decay on matrices, warmup + cosine, clipping at 1.0.
 * Both sides derive from this class: the export writes the initial checkpoint and the batches, the
 * test recomputes them and checks their digests against the fixture before comparing losses.
 */
final class ParityRun {
    static final GptConfig CONFIG = new GptConfig(2, 4, 64, 32, 256, 0.0);
    static final long SEED = 1337;
    static final int STEPS = 20;
    static final int MICRO_BATCHES = 2;
    static final int BATCH = 4;
    static final LearningRateSchedule SCHEDULE = new LearningRateSchedule(3e-3, 3e-4, 5, STEPS);
    static final AdamW.Settings ADAMW = AdamW.Settings.defaults();
    static final double CLIP = 1.0;

    private ParityRun() {}

    /**
     * A token stream with structure a model can learn quickly (each token mostly determines the
     * next) and some noise, so the loss falls over 20 steps without being trivial.
     */
    static int[] tokens() {
        Random r = new Random(99);
        int[] t = new int[6000];
        for (int i = 1; i < t.length; i++) {
            t[i] = r.nextInt(4) == 0 ? r.nextInt(CONFIG.vocabSize()) : (t[i - 1] * 7 + 3) % CONFIG.vocabSize();
        }
        return t;
    }

    /** Steps × micro-batches, in training order. */
    static List<List<TokenWindows.Batch>> batches() {
        TokenWindows loader = new TokenWindows(List.of(tokens()), CONFIG.contextLength(), SEED);
        List<List<TokenWindows.Batch>> out = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            List<TokenWindows.Batch> step = new ArrayList<>();
            for (int m = 0; m < MICRO_BATCHES; m++) step.add(loader.next(BATCH));
            out.add(step);
        }
        return out;
    }

    /** sha256 over every batch's inputs then targets as little-endian int32, in training order. */
    static String batchesSha256(List<List<TokenWindows.Batch>> batches) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<TokenWindows.Batch> step : batches) {
            for (TokenWindows.Batch b : step) {
                out.write(le(b.inputs()));
                out.write(le(b.targets()));
            }
        }
        return Checkpoint.sha256(out.toByteArray());
    }

    private static byte[] le(int[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(v);
        return buf.array();
    }
}
