package dev.tempered.activities.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;

/**
 * Text generation from a {@link Gpt}, one sequence at a time: temperature, top-k and top-p (nucleus)
 * filtering, a seed, stop tokens and a token budget. Each token is chosen by {@link DecodingRule}
 * from the last position's logits and one draw of a {@link java.util.Random} seeded by
 * {@link Options#seed}, so the KV-cache path and the recompute-everything path (kept for the bench
 * and as a check) give the same tokens for the same seed.
 *
 * <p>With learned absolute positions a cache cannot slide: once the sequence outgrows the context,
 * both paths feed the last {@code contextLength} tokens afresh each step (nanoGPT's crop), so the
 * cache only speeds up generation inside the context.
 *
 * <p>Not here: batching several prompts, the chat template, detokenisation.
 */
public final class Sampler {

    /**
     * @param maxTokens new tokens to generate at most
     * @param temperature 0 for greedy (argmax); otherwise logits are divided by it (1 = the model's distribution)
     * @param topK keep only the k most likely tokens; 0 keeps all
     * @param topP keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
     * @param seed drives every random choice; the same seed gives the same tokens
     * @param stopTokens generation ends when one is drawn; it is not included in the output
     */
    public record Options(
            int maxTokens, double temperature, int topK, double topP, long seed, Set<Integer> stopTokens) {
        public Options {
            if (maxTokens < 0) throw new IllegalArgumentException("maxTokens must be ≥ 0, got " + maxTokens);
            if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be ≥ 0, got " + temperature);
            if (topK < 0) throw new IllegalArgumentException("topK must be ≥ 0, got " + topK);
            if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
            stopTokens = Set.copyOf(stopTokens);
        }

        public static Options greedy(int maxTokens) {
            return new Options(maxTokens, 0, 0, 1, 0, Set.of());
        }
    }

    /** Why generation ended: a stop token, the token budget, or the listener asked to stop. */
    public enum Stop {
        STOP_TOKEN,
        MAX_TOKENS,
        LISTENER
    }

    /**
     * Sees each new token as soon as it is chosen (streaming); returning false ends generation
     * after that token, e.g. when the client went away or a stop string appeared.
     */
    @FunctionalInterface
    public interface TokenListener {
        boolean accept(int token);
    }

    /** The new tokens (without the prompt and without the stop token) and why generation ended. */
    public record Result(int[] tokens, Stop stop) {}

    private final Gpt model;

    public Sampler(Gpt model) {
        this.model = model;
    }

    public Result generate(int[] prompt, Options options, boolean useKvCache) {
        return generate(prompt, options, useKvCache, token -> true);
    }

    /** As above, telling {@code listener} each token as it is chosen; the tokens do not depend on the listener. */
    public Result generate(int[] prompt, Options options, boolean useKvCache, TokenListener listener) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt needs at least one token (e.g. BOS)");
        int ctx = model.config().contextLength();
        int[] seq = Arrays.copyOf(prompt, prompt.length + options.maxTokens());
        int len = prompt.length;
        Random rng = new Random(options.seed());
        try (NoGrad off = NoGrad.enter();
                NDManager manager = NDManager.newBaseManager(model.device());
                Gpt.KvCache cache = useKvCache ? new Gpt.KvCache(model.config()) : null) {
            for (int n = 0; n < options.maxTokens(); n++) {
                int next;
                try (NDScope scope = new NDScope()) {
                    next = choose(lastLogits(manager, seq, len, ctx, cache), options, rng);
                }
                if (options.stopTokens().contains(next)) {
                    return new Result(Arrays.copyOfRange(seq, prompt.length, len), Stop.STOP_TOKEN);
                }
                seq[len++] = next;
                if (!listener.accept(next))
                    return new Result(Arrays.copyOfRange(seq, prompt.length, len), Stop.LISTENER);
            }
        }
        return new Result(Arrays.copyOfRange(seq, prompt.length, len), Stop.MAX_TOKENS);
    }

    /** Logits (V) for the token after seq[0..len). */
    private NDArray lastLogits(NDManager manager, int[] seq, int len, int ctx, Gpt.KvCache cache) {
        NDArray logits;
        if (cache != null && len <= ctx) {
            int from = cache.length(); // the cache holds seq[0..from); feed the rest
            NDArray idx = manager.create(Arrays.copyOfRange(seq, from, len), new Shape(1, len - from)); // (1, T)
            logits = model.forward(idx, cache, false); // (1, T, V)
        } else {
            int from = Math.max(0, len - ctx);
            NDArray idx = manager.create(Arrays.copyOfRange(seq, from, len), new Shape(1, len - from)); // (1, T)
            logits = model.forward(idx, null, false); // (1, T, V)
        }
        return logits.get(new NDIndex("0, -1")); // (V)
    }

    /** One token after the last position's logits (V) under the options, from {@link DecodingRule}. */
    private static int choose(NDArray logits, Options o, Random rng) {
        double[] u = DecodingRule.isGreedy(o.temperature(), o.topK()) ? null : new double[] {rng.nextDouble()};
        return (int) DecodingRule.choose(logits.expandDims(0), o.temperature(), o.topK(), o.topP(), u)[0];
    }
}
