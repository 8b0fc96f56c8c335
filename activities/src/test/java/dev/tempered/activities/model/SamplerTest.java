package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decoding on a model trained for 30 steps on the parity stream (so its distribution is peaked,
 * not uniform): the KV cache changes nothing but speed, top-k=1 is greedy, stop tokens stop.
 */
class SamplerTest {
    static NDManager manager;
    static Gpt model;
    static final int[] PROMPT = {5, 38, 12};

    @BeforeAll
    static void train() {
        manager = NDManager.newBaseManager();
        model = Gpt.initialize(ParityRun.CONFIG, ParityRun.SEED, manager);
        try (AdamW opt = new AdamW(ParityRun.ADAMW, manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(3e-3), 1.0, 1, 0)) {
            TokenWindows loader = new TokenWindows(List.of(ParityRun.tokens()), 32, 1);
            for (int s = 0; s < 30; s++) trainer.step(List.of(loader.next(8)));
        }
    }

    @AfterAll
    static void close() {
        model.close();
        manager.close();
    }

    @Test
    void cachedLogitsEqualRecomputedLogits() {
        int[] seq = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        try (NDScope scope = new NDScope();
                Gpt.KvCache cache = new Gpt.KvCache(model.config())) {
            NDArray full = model.forward(manager.create(seq, new Shape(1, seq.length)), null, false); // (1, 10, V)
            model.forward(manager.create(Arrays.copyOf(seq, 6), new Shape(1, 6)), cache, false);
            for (int i = 6; i < seq.length; i++) {
                NDArray step =
                        model.forward(manager.create(new int[] {seq[i]}, new Shape(1, 1)), cache, false); // (1, 1, V)
                float[] a = step.get(new NDIndex("0, 0")).toFloatArray();
                float[] b = full.get(new NDIndex("0, {}", i)).toFloatArray();
                for (int v = 0; v < a.length; v++) assertEquals(b[v], a[v], 1e-4, "position " + i + " token " + v);
            }
            assertEquals(10, cache.length());
        }
    }

    @Test
    void greedyWithAndWithoutCacheAgree() {
        // 3 + 45 tokens outgrow the 32-token context: both paths crop the same way past it.
        Sampler.Options greedy = Sampler.Options.greedy(45);
        Sampler.Result cached = new Sampler(model).generate(PROMPT, greedy, true);
        Sampler.Result plain = new Sampler(model).generate(PROMPT, greedy, false);
        assertEquals(45, cached.tokens().length);
        assertEquals(Sampler.Stop.MAX_TOKENS, cached.stop());
        assertArrayEquals(plain.tokens(), cached.tokens());
    }

    @Test
    void sampledWithAndWithoutCacheAgreeForTheSameSeed() {
        Sampler.Options o = new Sampler.Options(25, 1.0, 40, 0.95, 2024, Set.of());
        int[] cached = new Sampler(model).generate(PROMPT, o, true).tokens();
        int[] plain = new Sampler(model).generate(PROMPT, o, false).tokens();
        assertArrayEquals(plain, cached);
        int[] again = new Sampler(model).generate(PROMPT, o, true).tokens();
        assertArrayEquals(cached, again, "same seed, same tokens");
        Sampler.Options other = new Sampler.Options(25, 1.0, 40, 0.95, 2025, Set.of());
        assertFalse(
                Arrays.equals(
                        cached, new Sampler(model).generate(PROMPT, other, true).tokens()),
                "another seed gives another sample");
    }

    @Test
    void topKOneIsGreedy() {
        Sampler.Options topOne = new Sampler.Options(20, 1.3, 1, 1.0, 9, Set.of());
        assertArrayEquals(
                new Sampler(model)
                        .generate(PROMPT, Sampler.Options.greedy(20), true)
                        .tokens(),
                new Sampler(model).generate(PROMPT, topOne, true).tokens());
    }

    @Test
    void stopTokenEndsGenerationAndIsNotReturned() {
        int[] free = new Sampler(model)
                .generate(PROMPT, Sampler.Options.greedy(20), true)
                .tokens();
        int stop = free[4];
        int firstAt = 0;
        while (free[firstAt] != stop) firstAt++;
        Sampler.Options o = new Sampler.Options(20, 0, 0, 1.0, 0, Set.of(stop, 9999));
        for (boolean cache : new boolean[] {true, false}) {
            Sampler.Result r = new Sampler(model).generate(PROMPT, o, cache);
            assertEquals(Sampler.Stop.STOP_TOKEN, r.stop());
            assertArrayEquals(Arrays.copyOf(free, firstAt), r.tokens());
        }
    }

    @Test
    void samplingOnAnotherThreadRecordsNoGradientsAndRestoresTheMode() throws Exception {
        // libtorch's grad mode is per thread and on by default on threads DJL did not start on
        // (the sample stage's activity threads, the playground's request threads).
        List<Boolean> during = new java.util.ArrayList<>();
        boolean[] after = new boolean[2];
        Thread worker = new Thread(() -> {
            after[0] = JniUtils.isGradMode();
            new Sampler(model)
                    .generate(PROMPT, Sampler.Options.greedy(4), true, token -> during.add(JniUtils.isGradMode()));
            after[1] = JniUtils.isGradMode();
        });
        worker.start();
        worker.join();
        assertTrue(after[0], "a fresh thread starts with grad mode on");
        assertEquals(List.of(false, false, false, false), during);
        assertTrue(after[1], "the thread's grad mode is restored");
    }
}
