package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.curation.SampleCorpus;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.stage.ReferenceTokenizers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model learns real text: English Python documentation from the sample WARC, GPT-2 BPE
 * tokens, and the training loss falls below the unigram entropy of those tokens (what a model
 * that ignores context can reach at best) within 300 steps. To keep the LM head small the GPT-2
 * ids that occur are renumbered densely (a few thousand instead of 50,257); that changes nothing
 * the test measures.
 */
class GptLearnsTextTest {
    static final int MAX_STEPS = 300;
    static final int BATCH = 8;
    static final int CONTEXT = 64;

    @Test
    void lossFallsBelowUnigramEntropy() {
        long t0 = System.nanoTime();
        BpeEncoder gpt2 = ReferenceTokenizers.gpt2();
        List<Integer> stream = new ArrayList<>();
        Map<Integer, Integer> dense = new HashMap<>();
        int chars = 0;
        for (SampleCorpus.Page page : SampleCorpus.pagesUnder("docs.python.org")) {
            if (chars > 150_000) break;
            chars += page.text().length();
            for (int id : gpt2.encodeOrdinary(page.text())) stream.add(dense.computeIfAbsent(id, k -> dense.size()));
            stream.add(dense.computeIfAbsent(50256, k -> dense.size())); // <|endoftext|> between pages
        }
        int[] tokens = stream.stream().mapToInt(Integer::intValue).toArray();
        int vocab = dense.size();
        double entropy = unigramEntropy(tokens, vocab);

        long t1 = System.nanoTime();
        GptConfig config = new GptConfig(2, 4, 128, CONTEXT, vocab, 0.0);
        int steps = 0;
        double recent = Double.NaN;
        double[] window = new double[10];
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, 42, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer =
                        new GptTrainer(model, opt, new LearningRateSchedule(3e-3, 3e-4, 20, MAX_STEPS), 1.0, 42, 0)) {
            TokenWindows loader = new TokenWindows(List.of(tokens), CONTEXT, 42);
            while (steps < MAX_STEPS) {
                double loss = trainer.step(List.of(loader.next(BATCH))).loss();
                window[steps % window.length] = loss;
                steps++;
                if (steps >= window.length) {
                    recent = java.util.Arrays.stream(window).average().orElseThrow();
                    if (recent < entropy - 0.05) break;
                }
            }
        }
        System.out.printf(
                "text: %,d chars -> %,d tokens, %,d distinct ids; unigram entropy %.3f nats; "
                        + "mean loss of the last 10 steps %.3f after %d steps (ln V = %.3f); data %.1f s, training %.1f s%n",
                chars,
                tokens.length,
                vocab,
                entropy,
                recent,
                steps,
                Math.log(vocab),
                (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9);
        assertTrue(
                recent < entropy,
                "after " + steps + " steps the loss " + recent + " is not below the unigram entropy " + entropy);
    }

    static double unigramEntropy(int[] tokens, int vocab) {
        long[] counts = new long[vocab];
        for (int t : tokens) counts[t]++;
        double h = 0;
        for (long c : counts) {
            if (c == 0) continue;
            double p = (double) c / tokens.length;
            h -= p * Math.log(p);
        }
        return h;
    }
}
