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
 * filtering, a seed, stop tokens and a token budget. The choice of each token is made in Java from
 * the last position's logits with a {@link java.util.Random} seeded by {@link Options#seed}, so the
 * KV-cache path and the recompute-everything path (kept for the bench and as a check) give the
 * same tokens for the same seed.
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
                float[] logits;
                try (NDScope scope = new NDScope()) {
                    logits = lastLogits(manager, seq, len, ctx, cache).toFloatArray();
                }
                int next = choose(logits, options, rng);
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

    /** One token from the logits under the options' temperature, top-k and top-p. */
    static int choose(float[] logits, Options o, Random rng) {
        return choose(logits, o.temperature(), o.topK(), o.topP(), rng);
    }

    /**
     * The decoding rule every generator shares (this sampler, the chat engine): greedy (argmax, no
     * draw from {@code rng}) when {@code temperature} is 0 or {@code topK} is 1; otherwise one
     * {@link Random#nextDouble} over the softmax of {@code logits / temperature}, cut to the
     * {@code topK} most likely ids (0 keeps all) and then to the nucleus of probability
     * {@code topP} (1 keeps all). The same logits and random state always give the same id.
     */
    public static int choose(float[] logits, double temperature, int topK, double topP, Random rng) {
        if (temperature == 0 || topK == 1) return argmax(logits);
        int[] order = descending(logits, topK > 0 ? Math.min(topK, logits.length) : logits.length);
        int keep = order.length;
        double[] p = new double[keep];
        double max = logits[order[0]] / temperature;
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(logits[order[i]] / temperature - max);
            sum += p[i];
        }
        if (topP < 1) {
            double cumulative = 0;
            int nucleus = keep;
            for (int i = 0; i < keep; i++) {
                cumulative += p[i] / sum;
                if (cumulative >= topP) {
                    nucleus = i + 1;
                    break;
                }
            }
            keep = nucleus;
            sum = 0;
            for (int i = 0; i < keep; i++) sum += p[i];
        }
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < keep; i++) {
            u -= p[i];
            if (u < 0) return order[i];
        }
        return order[keep - 1];
    }

    /**
     * The ids of the {@code k} largest logits, largest first, ties broken by the smaller id. Each
     * (logit, id) pair is packed into one long whose natural order is that order, so a primitive
     * sort does the work (boxed comparators cost milliseconds per token at V = 8192).
     */
    static int[] descending(float[] logits, int k) {
        long[] keys = new long[logits.length];
        for (int i = 0; i < logits.length; i++) {
            int bits = Float.floatToIntBits(logits[i]);
            int ascending = bits < 0 ? ~bits : bits | Integer.MIN_VALUE; // unsigned order = float order
            long descendingKey = (~ascending) & 0xFFFFFFFFL; // larger logit → smaller unsigned key
            keys[i] = ((descendingKey ^ 0x8000_0000L) << 32) | i; // unsigned order → signed long order
        }
        if (k < keys.length / 8) return smallest(keys, k);
        java.util.Arrays.sort(keys);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = (int) keys[i];
        return out;
    }

    /**
     * The ids of the {@code k} smallest keys in ascending order, the same as the first k of a full
     * sort (every key is distinct: it holds its id) in O(n log k): top-k sampling over a batch of
     * 64 rollouts would otherwise sort the whole vocabulary 64 times a step.
     */
    private static int[] smallest(long[] keys, int k) {
        long[] heap = new long[k]; // a max-heap of the k smallest so far
        int size = 0;
        for (long key : keys) {
            if (size < k) {
                int i = size++;
                heap[i] = key;
                while (i > 0 && heap[(i - 1) / 2] < heap[i]) {
                    long tmp = heap[i];
                    heap[i] = heap[(i - 1) / 2];
                    heap[(i - 1) / 2] = tmp;
                    i = (i - 1) / 2;
                }
            } else if (key < heap[0]) {
                heap[0] = key;
                int i = 0;
                while (true) {
                    int largest = i;
                    int l = 2 * i + 1;
                    int r = l + 1;
                    if (l < k && heap[l] > heap[largest]) largest = l;
                    if (r < k && heap[r] > heap[largest]) largest = r;
                    if (largest == i) break;
                    long tmp = heap[i];
                    heap[i] = heap[largest];
                    heap[largest] = tmp;
                    i = largest;
                }
            }
        }
        java.util.Arrays.sort(heap);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = (int) heap[i];
        return out;
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
