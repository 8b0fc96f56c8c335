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
            System.out.printf("config %s: %,d parameters (%,d non-embedding)%n", config, config.parameterCount(),
                    config.nonEmbeddingParameterCount());
            System.out.printf("training: batch %d x %d, %.1f ms/step, %,.0f tokens/s, %.2f GFLOP/s achieved (%.3g FLOPs/token)%n",
                    batch, t, sec * 1000 / steps, tokPerSec, flops / 1e9, config.trainingFlopsPerToken());

            Sampler sampler = new Sampler(model);
            int[] prompt = {1, 2, 3, 4};
            int n = t - prompt.length;
            for (boolean cache : new boolean[] {true, false, true, false}) sampler.generate(prompt, Sampler.Options.greedy(n), cache); // warm-up
            List<String> lines = new ArrayList<>();
            for (boolean cache : new boolean[] {true, false}) {
                long s0 = System.nanoTime();
                int reps = 3;
                for (int i = 0; i < reps; i++) sampler.generate(prompt, new Sampler.Options(n, 1.0, 50, 0.95, i, java.util.Set.of()), cache);
                double ss = (System.nanoTime() - s0) / 1e9;
                lines.add(String.format("sampling %s KV cache: %d tokens (prompt 4, up to the context), %,.0f tokens/s",
                        cache ? "with" : "without", n, reps * n / ss));
            }
            lines.forEach(System.out::println);
        }
    }
}
