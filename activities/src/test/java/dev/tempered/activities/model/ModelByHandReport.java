package dev.tempered.activities.model;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * By hand: training and sampling throughput of the demo model on this machine's threads
 * ({@code -Dai.djl.pytorch.num_threads}, 2 in the surefire config). Run with
 * {@code -Dtest=ModelByHandReport -Dtempered.model.report=true [-Dtempered.model.vocab=8192]};
 * skipped otherwise. Numbers go to the test's output file. Timings are not asserted anywhere.
 */
class ModelByHandReport {

    @Test
    @EnabledIfSystemProperty(named = "tempered.model.report", matches = "true")
    void throughput() {
        int vocab = Integer.getInteger("tempered.model.vocab", 8192);
        int batch = Integer.getInteger("tempered.model.batch", 16);
        int steps = Integer.getInteger("tempered.model.steps", 30);
        GptConfig config = GptConfig.demo(vocab);
        int t = config.contextLength();
        Random r = new Random(1);
        int[] tokens = new int[200_000];
        for (int i = 0; i < tokens.length; i++) tokens[i] = r.nextInt(vocab);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, 1, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(1e-3), 1.0, 1, 0)) {
            TokenWindows loader = new TokenWindows(List.of(tokens), t, 1);
            for (int s = 0; s < 5; s++) trainer.step(List.of(loader.next(batch))); // warm-up
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) trainer.step(List.of(loader.next(batch)));
            double sec = (System.nanoTime() - t0) / 1e9;
            double tokPerSec = (double) steps * batch * t / sec;
            double flops = config.trainingFlopsPerToken() * tokPerSec;
            System.out.printf(
                    "config %s: %,d parameters (%,d non-embedding)%n",
                    config, config.parameterCount(), config.nonEmbeddingParameterCount());
            System.out.printf(
                    "training: batch %d x %d, %.1f ms/step, %,.0f tokens/s, %.2f GFLOP/s achieved (%.3g FLOPs/token)%n",
                    batch, t, sec * 1000 / steps, tokPerSec, flops / 1e9, config.trainingFlopsPerToken());

            Sampler sampler = new Sampler(model);
            int[] prompt = {1, 2, 3, 4};
            int n = t - prompt.length;
            for (boolean cache : new boolean[] {true, false, true, false})
                sampler.generate(prompt, Sampler.Options.greedy(n), cache); // warm-up
            List<String> lines = new ArrayList<>();
            for (boolean sampled : new boolean[] {false, true}) {
                for (boolean cache : new boolean[] {true, false}) {
                    long s0 = System.nanoTime();
                    int reps = 3;
                    for (int i = 0; i < reps; i++) {
                        Sampler.Options o = sampled
                                ? new Sampler.Options(n, 1.0, 50, 0.95, i, java.util.Set.of())
                                : Sampler.Options.greedy(n);
                        sampler.generate(prompt, o, cache);
                    }
                    double ss = (System.nanoTime() - s0) / 1e9;
                    lines.add(String.format(
                            "%s %s KV cache: %d tokens after a 4-token prompt, %,.0f tokens/s",
                            sampled ? "sampling (T=1, top-k 50, top-p 0.95)" : "greedy",
                            cache ? "with" : "without",
                            n,
                            reps * n / ss));
                }
            }
            lines.forEach(System.out::println);

            // The MFU denominator: what an fp32 matmul reaches on these threads (the theoretical
            // peak of a shared 2-core VM is not knowable from inside it).
            double gemm = 0;
            for (int rep = 0; rep < 4; rep++) {
                try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
                    ai.djl.ndarray.NDArray a = manager.randomNormal(new ai.djl.ndarray.types.Shape(1024, 1024));
                    ai.djl.ndarray.NDArray b = manager.randomNormal(new ai.djl.ndarray.types.Shape(1024, 1024));
                    long g0 = System.nanoTime();
                    for (int i = 0; i < 10; i++) a.matMul(b).getFloat(0, 0);
                    if (rep > 0)
                        gemm = Math.max(gemm, 10 * 2.0 * 1024 * 1024 * 1024 / ((System.nanoTime() - g0) / 1e9));
                }
            }
            System.out.printf(
                    "fp32 1024^3 matmul: %.1f GFLOP/s; MFU = %.2f GFLOP/s / %.1f = %.0f%%%n",
                    gemm / 1e9, flops / 1e9, gemm / 1e9, 100 * flops / gemm);
        }
    }
}
