package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces on their own: config, schedule, loader, weight decay, accumulation. */
class ModelPartsTest {

    @Test
    void parameterCountIsTheSumOfTheParameterShapes() {
        for (GptConfig c : List.of(GptConfig.demo(8192), new GptConfig(3, 2, 48, 16, 300, 0.1))) {
            long sum = Gpt.parameterShapes(c).values().stream()
                    .mapToLong(Shape::size)
                    .sum();
            assertEquals(sum, c.parameterCount(), c.toString());
        }
        assertEquals(1_461_760, GptConfig.demo(8192).parameterCount());
    }

    @Test
    void configJsonRoundTripsAndBadConfigsAreNamed() {
        GptConfig c = new GptConfig(3, 2, 48, 16, 300, 0.1);
        assertEquals(c, GptConfig.parse(c.toJsonString(), "config.json"));
        var format = assertThrows(
                CheckpointFormatException.class,
                () -> GptConfig.parse("{\"format\":\"tempered.gpt-config\",\"version\":2}", "config.json"));
        assertTrue(format.getMessage().contains("v2"), format.getMessage());
        var missing = assertThrows(
                CheckpointFormatException.class,
                () -> GptConfig.parse(c.toJsonString().replace("\"heads\"", "\"hedz\""), "config.json"));
        assertTrue(missing.getMessage().contains("'heads'"), missing.getMessage());
        var width = assertThrows(IllegalArgumentException.class, () -> new GptConfig(2, 3, 128, 64, 100, 0));
        assertTrue(width.getMessage().contains("GptConfig.width is 128"), width.getMessage());
    }

    @Test
    void scheduleWarmsUpThenFollowsTheCosineToTheFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 1e-4, 9, 109);
        assertEquals(1e-4, s.at(0), 1e-15);
        assertEquals(1e-3, s.at(9), 1e-15);
        assertEquals(5.5e-4, s.at(59), 1e-12);
        assertEquals(1e-4, s.at(109), 1e-15);
        assertEquals(1e-4, s.at(5000), 1e-15);
        for (int i = 10; i < 109; i++) assertTrue(s.at(i) < s.at(i - 1), "decreasing at " + i);
    }

    @Test
    void windowsVisitEveryWindowOncePerEpochInASeededOrder() {
        int[] a = new int[101];
        int[] b = new int[35];
        for (int i = 0; i < a.length; i++) a[i] = i;
        for (int i = 0; i < b.length; i++) b[i] = 1000 + i;
        TokenWindows w = new TokenWindows(List.of(a, b, new int[5]), 10, 7);
        assertEquals(10 + 3, w.windowsPerEpoch());
        List<Integer> firsts = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            TokenWindows.Batch batch = w.next(1);
            assertEquals(batch.inputs()[1], batch.targets()[0], "targets are the inputs shifted by one");
            firsts.add(batch.inputs()[0]);
        }
        assertEquals(new TokenWindows.Position(1, 0), w.position());
        List<Integer> sorted = new ArrayList<>(firsts);
        sorted.sort(null);
        assertEquals(List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 1000, 1010, 1020), sorted);
        assertNotEquals(sorted, firsts, "shuffled");

        TokenWindows again = new TokenWindows(List.of(a, b, new int[5]), 10, 7);
        TokenWindows.Batch epoch0 = again.next(13);
        List<Integer> firstsAgain = new ArrayList<>();
        for (int i = 0; i < 13; i++) firstsAgain.add(epoch0.inputs()[i * 10]);
        assertEquals(firsts, firstsAgain, "same seed, same order, whatever the batch size");

        TokenWindows.Batch next = w.next(4);
        TokenWindows resumed = new TokenWindows(List.of(a, b, new int[5]), 10, 7);
        resumed.seek(new TokenWindows.Position(1, 0));
        assertArrayEquals(next.inputs(), resumed.next(4).inputs(), "seek resumes the sequence");
        assertNotEquals(
                firsts.get(0) + firsts.get(1), next.inputs()[0] + next.inputs()[10], "epoch 1 has its own order");

        var e = assertThrows(CheckpointFormatException.class, () -> resumed.seek(new TokenWindows.Position(0, 13)));
        assertTrue(e.getMessage().contains("13 windows per epoch"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenWindows(List.of(new int[10]), 10, 1));
    }

    @Test
    void weightDecayShrinksMatricesOnlyAndEmbeddingsAreMatrices() {
        try (NDManager manager = NDManager.newBaseManager();
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager)) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("transformer.wte.weight", manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)));
            params.put("transformer.h.0.ln_1.weight", manager.create(new float[] {1, 2}, new Shape(2)));
            params.put("transformer.h.0.attn.c_attn.bias", manager.create(new float[] {5, 6}, new Shape(2)));
            params.values().forEach(p -> p.setRequiresGradient(true));
            try (NDScope scope = new NDScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray zero = params.values().stream()
                        .map(p -> p.mul(0).sum())
                        .reduce(NDArray::add)
                        .orElseThrow();
                gc.backward(zero);
                opt.update(params, 0.5, 1.0);
            }
            float shrink = 1 - 0.5f * 0.1f;
            assertArrayEquals(
                    new float[] {shrink, 2 * shrink, 3 * shrink, 4 * shrink},
                    params.get("transformer.wte.weight").toFloatArray(),
                    1e-6f);
            assertArrayEquals(
                    new float[] {1, 2},
                    params.get("transformer.h.0.ln_1.weight").toFloatArray());
            assertArrayEquals(
                    new float[] {5, 6},
                    params.get("transformer.h.0.attn.c_attn.bias").toFloatArray());
            assertEquals(1, opt.step());
        }
    }

    @Test
    void twoMicroBatchesOfFourUpdateLikeOneBatchOfEight() {
        GptConfig c = new GptConfig(1, 2, 32, 16, 64, 0);
        int[] tokens = new int[400];
        for (int i = 0; i < tokens.length; i++) tokens[i] = (i * 13 + i / 7) % 64;
        float[][] after = new float[2][];
        double[] loss = new double[2];
        for (int run = 0; run < 2; run++) {
            try (NDManager manager = NDManager.newBaseManager();
                    Gpt model = Gpt.initialize(c, 11, manager);
                    AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                    GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(1e-2), 1.0, 11, 0)) {
                TokenWindows w = new TokenWindows(List.of(tokens), 16, 3);
                List<TokenWindows.Batch> batches = run == 0 ? List.of(w.next(4), w.next(4)) : List.of(w.next(8));
                loss[run] = trainer.step(batches).loss();
                after[run] = model.parameters()
                        .get("transformer.h.0.mlp.c_fc.weight")
                        .toFloatArray();
            }
        }
        assertEquals(loss[1], loss[0], 1e-5);
        float maxDiff = 0;
        for (int i = 0; i < after[0].length; i++) maxDiff = Math.max(maxDiff, Math.abs(after[0][i] - after[1][i]));
        assertTrue(
                maxDiff < 1e-6,
                "largest weight difference " + maxDiff + " " + Arrays.toString(Arrays.copyOf(after[0], 3)));
    }

    @Test
    void stepsAndDecodingLeaveNoArraysBehind() {
        GptConfig c = new GptConfig(1, 2, 32, 16, 64, 0.1);
        int[] tokens = new int[400];
        for (int i = 0; i < tokens.length; i++) tokens[i] = (i * 13) % 64;
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(c, 1, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(1e-3), 1.0, 1, 0)) {
            var system = (ai.djl.ndarray.BaseNDManager) manager.getParentManager(); // every manager's root
            TokenWindows w = new TokenWindows(List.of(tokens), 16, 1);
            Sampler sampler = new Sampler(model);
            trainer.step(List.of(w.next(2), w.next(2)));
            sampler.generate(new int[] {1}, new Sampler.Options(20, 1, 10, 0.9, 1, java.util.Set.of()), true);
            int live = system.getManagedArrays().size();
            assertTrue(live >= 3 * Gpt.parameterShapes(c).size(), "parameters and both moments are counted: " + live);
            for (int i = 0; i < 5; i++) trainer.step(List.of(w.next(2), w.next(2)));
            sampler.generate(new int[] {1}, new Sampler.Options(20, 1, 10, 0.9, 1, java.util.Set.of()), true);
            sampler.generate(new int[] {1}, Sampler.Options.greedy(20), false);
            assertEquals(live, system.getManagedArrays().size(), "native arrays alive after more steps and decoding");
        }
    }

    @Test
    void maskedLossAveragesOnlyTheMaskedTokens() {
        try (NDManager manager = NDManager.newBaseManager();
                NDScope scope = new NDScope()) {
            float[] raw = {2f, 0f, -1f, 0.5f, 0.5f, 0.5f, -3f, 1f, 1f, 0f, 4f, 0f}; // (1, 4, 3)
            NDArray logits = manager.create(raw, new Shape(1, 4, 3));
            NDArray targets = manager.create(new int[] {0, 2, 1, 1}, new Shape(1, 4));
            double[] nll = new double[4];
            int[] target = {0, 2, 1, 1};
            for (int t = 0; t < 4; t++) {
                double z = 0;
                for (int v = 0; v < 3; v++) z += Math.exp(raw[t * 3 + v]);
                nll[t] = Math.log(z) - raw[t * 3 + target[t]];
            }
            double all = Arrays.stream(nll).average().orElseThrow();
            assertEquals(all, Gpt.crossEntropy(logits, targets, null).getFloat(), 1e-6);
            assertEquals(
                    all,
                    Gpt.crossEntropy(logits, targets, manager.ones(new Shape(1, 4)))
                            .getFloat(),
                    1e-6);
            NDArray mask = manager.create(new float[] {0, 1, 0, 1}, new Shape(1, 4));
            assertEquals(
                    (nll[1] + nll[3]) / 2,
                    Gpt.crossEntropy(logits, targets, mask).getFloat(),
                    1e-6);
        }
    }
}
