package dev.tempered.activities.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A decoder-only GPT in the shape of nanoGPT's {@code model.py} (GPT-2 small's architecture at any
 * size): token embedding plus learned positional embedding, pre-LayerNorm blocks of causal
 * multi-head self-attention and a 4× GELU MLP, a final LayerNorm and an LM head tied to the token
 * embedding. Parameters are plain NDArrays named by their nanoGPT path
 * ({@code transformer.h.0.attn.c_attn.weight}), laid out as PyTorch's {@code nn.Linear} lays them
 * out (out × in), so a checkpoint can be read by a PyTorch twin and back.
 *
 * <p>Why learned positions rather than rotary: the model is the nanoGPT/GPT-2 reference that the
 * parity test compares with a PyTorch twin, the context is short and fixed (128), and with
 * absolute positions the KV cache is a plain concatenation. Rotary (nanochat) would let the
 * context grow later; it is a change of {@link #forward} and the config, not of the rest.
 *
 * <p>Memory: every op allocates a native tensor. Call {@link #forward} inside an {@link NDScope}
 * (one per step) so that all intermediates are freed with it; results that must outlive the step
 * are unregistered from the scope. The parameters live in this model's own manager.
 *
 * <p>Not here: optimisation ({@link AdamW}), data ({@link TokenWindows}), saving
 * ({@link Checkpoint}), decoding ({@link Sampler}). Only fp32 on CPU: DJL's PyTorch engine has
 * no autocast and bf16 aborts the JVM.
 */
public final class Gpt implements AutoCloseable {
    /** nanoGPT's LayerNorm epsilon (PyTorch's default). */
    static final float LAYER_NORM_EPS = 1e-5f;
    /** GPT-2's initialisation: every weight matrix and embedding ~ N(0, 0.02²). */
    static final double INIT_STD = 0.02;
    /** Attention bias of a padding key in {@link #forwardLast}: exp of it underflows to exactly 0. */
    static final double PADDING_BIAS = 1e9;

    private final GptConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> params;
    /** 1/√(head size), the attention logits' scale, made once: a tensor per layer per token adds up when decoding. */
    private final NDArray attentionScale;

    private Gpt(GptConfig config, NDManager manager, Map<String, NDArray> params) {
        this.config = config;
        this.manager = manager;
        this.params = Collections.unmodifiableMap(params);
        this.attentionScale = scalar(manager, 1.0 / Math.sqrt(config.headSize()));
        NDScope.unregister(attentionScale);
    }

    /** The device the parameters live on; callers create inputs there. */
    public Device device() {
        return manager.getDevice();
    }

    /**
     * A fresh model with GPT-2's initialisation, fully determined by {@code seed}: each parameter
     * draws from its own {@link java.util.Random} seeded by the seed and the parameter's path, so
     * the values do not depend on the engine, the thread count or the other parameters. Weights
     * and embeddings ~ N(0, 0.02²); the two residual projections per block ({@code c_proj}) ~
     * N(0, (0.02/√(2·layers))²) so that the residual stream's variance does not grow with depth;
     * biases 0; LayerNorm gains 1 and shifts 0.
     */
    public static Gpt initialize(GptConfig config, long seed, NDManager parent) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : parameterShapes(config).entrySet()) {
            String path = e.getKey();
            float[] v = new float[Math.toIntExact(e.getValue().size())];
            if (path.endsWith("ln_1.weight") || path.endsWith("ln_2.weight") || path.endsWith("ln_f.weight")) {
                java.util.Arrays.fill(v, 1f);
            } else if (!path.endsWith(".bias")) {
                double std = path.endsWith("c_proj.weight") ? INIT_STD / Math.sqrt(2.0 * config.layers()) : INIT_STD;
                Random rng = new Random(seed * 1_000_003L + path.hashCode());
                for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextGaussian() * std);
            }
            values.put(path, v);
        }
        return fromValues(config, values, parent);
    }

    /**
     * A model holding exactly {@code values} (path → row-major floats), e.g. from a checkpoint.
     * Every path of the config must be there with the right number of values, and nothing else.
     */
    public static Gpt fromValues(GptConfig config, Map<String, float[]> values, NDManager parent) {
        Map<String, Shape> shapes = parameterShapes(config);
        for (String path : values.keySet()) {
            if (!shapes.containsKey(path)) {
                throw new CheckpointFormatException("parameter " + path + " does not belong to a model with " + config);
            }
        }
        NDManager m = parent.newSubManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            float[] v = values.get(e.getKey());
            if (v == null) {
                m.close();
                throw new CheckpointFormatException(
                        "parameter " + e.getKey() + " is missing for a model with " + config);
            }
            if (v.length != e.getValue().size()) {
                m.close();
                throw new CheckpointFormatException(
                        "parameter " + e.getKey() + " has " + v.length + " values but shape " + e.getValue() + " needs "
                                + e.getValue().size());
            }
            NDArray p = m.create(v, e.getValue());
            NDScope.unregister(p);
            p.setRequiresGradient(true);
            params.put(e.getKey(), p);
        }
        return new Gpt(config, m, params);
    }

    /** Every parameter's path and shape, in nanoGPT's {@code named_parameters()} order. */
    public static Map<String, Shape> parameterShapes(GptConfig c) {
        long w = c.width();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("transformer.wte.weight", new Shape(c.vocabSize(), w));
        s.put("transformer.wpe.weight", new Shape(c.contextLength(), w));
        for (int i = 0; i < c.layers(); i++) {
            String h = "transformer.h." + i + ".";
            s.put(h + "ln_1.weight", new Shape(w));
            s.put(h + "ln_1.bias", new Shape(w));
            s.put(h + "attn.c_attn.weight", new Shape(3 * w, w));
            s.put(h + "attn.c_attn.bias", new Shape(3 * w));
            s.put(h + "attn.c_proj.weight", new Shape(w, w));
            s.put(h + "attn.c_proj.bias", new Shape(w));
            s.put(h + "ln_2.weight", new Shape(w));
            s.put(h + "ln_2.bias", new Shape(w));
            s.put(h + "mlp.c_fc.weight", new Shape(4 * w, w));
            s.put(h + "mlp.c_fc.bias", new Shape(4 * w));
            s.put(h + "mlp.c_proj.weight", new Shape(w, 4 * w));
            s.put(h + "mlp.c_proj.bias", new Shape(w));
        }
        s.put("transformer.ln_f.weight", new Shape(w));
        s.put("transformer.ln_f.bias", new Shape(w));
        return s;
    }

    public GptConfig config() {
        return config;
    }

    /** Path → parameter, in {@link #parameterShapes} order. The arrays are live: do not close them. */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /** A copy of every parameter's values (path → row-major floats), for saving. */
    public Map<String, float[]> values() {
        Map<String, float[]> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    /**
     * Logits for every position: {@code idx} (B, T) int ids → (B, T, V). With a cache, {@code idx}
     * continues the cached sequence (positions start at the cache's length) and the cache grows by
     * T; without one, T must fit the context. {@code training} only switches dropout on.
     */
    public NDArray forward(NDArray idx, KvCache cache, boolean training) {
        return head(hidden(idx, cache, training)); // (B, T, V)
    }

    /**
     * The tied LM head on trunk features from {@link #hidden}: (…, C) → (…, V). Applied to the
     * positions that matter only (RL's sampled tokens), it saves the head's V-wide work on the rest.
     */
    public NDArray head(NDArray features) {
        return Linear.linear(features, p("transformer.wte.weight")).singletonOrThrow();
    }

    /**
     * The trunk's output for every position, after the final LayerNorm and before the LM head:
     * {@code idx} (B, T) → (B, T, C). {@link #forward} is this followed by the tied head; a reward
     * model or a value head reads these features instead.
     */
    public NDArray hidden(NDArray idx, KvCache cache, boolean training) {
        long b = idx.getShape().get(0);
        long t = idx.getShape().get(1);
        int past = cache == null ? 0 : cache.length();
        if (past + t > config.contextLength()) {
            throw new IllegalArgumentException("sequence of " + (past + t) + " tokens is longer than the context ("
                    + config.contextLength() + ")");
        }
        NDArray tok = Embedding.embedding(idx, p("transformer.wte.weight"), SparseFormat.DENSE)
                .singletonOrThrow(); // (B, T, C)
        NDArray pos = p("transformer.wpe.weight").get(new NDIndex("{}:{}", past, past + t)); // (T, C)
        NDArray x = dropout(tok.add(pos), training); // (B, T, C)
        NDArray mask = causalMask(idx.getManager(), t, past); // (T, past + T)
        for (int i = 0; i < config.layers(); i++) {
            String h = "transformer.h." + i + ".";
            NDArray a =
                    attention(layerNorm(x, h + "ln_1"), h, mask, cache == null ? null : cache.layer(i), b, t, training);
            x = x.add(a); // (B, T, C)
            NDArray m = mlp(layerNorm(x, h + "ln_2"), h, training);
            x = x.add(m); // (B, T, C)
        }
        if (cache != null) cache.advance(t);
        return layerNorm(x, "transformer.ln_f"); // (B, T, C)
    }

    /**
     * Logits of the last position only, for batched generation over rows of different lengths
     * ({@code chat.engine.ChatEngine}): {@code idx} (B, T) ids continue the cached slots, rows
     * left-padded so that every row's newest token is in the last column. Each row's positions are
     * its own ({@code positions} (B, T) ints): a left-padded row's first real token has position
     * 0, so a row's logits do not depend on how much padding its batch gave it. The key-padding
     * mask is given per row as a count, since padding is always leading: the first
     * {@code padding[r]} slots of row r (cached and new together) are padding, and no query attends
     * to them. Padding slots take any valid position (0). Returns (B, V).
     *
     * <p>Why padding gets a large finite bias rather than −∞: a padding query (left of a row's
     * first token) has nothing but padding to attend to, and a row of −∞ would make its softmax NaN,
     * which its cached keys and values would then spread to every later query (NaN × 0 is NaN).
     * With −1e9 the padding rows stay finite and a real query's weight on padding is exactly 0.
     * The whole bias is built here in Java and sent as one array: on the one-token steps of
     * decoding, a dozen small tensor ops to build it cost more than the model at batch 1.
     *
     * <p>Unlike {@link #forward} the cache's slot count may exceed the context (rows of different
     * lengths share slots); each row's positions must stay below it, which the caller checks.
     */
    public NDArray forwardLast(NDArray idx, NDArray positions, int[] padding, KvCache cache) {
        int b = Math.toIntExact(idx.getShape().get(0));
        int t = Math.toIntExact(idx.getShape().get(1));
        int past = cache.length();
        int slots = past + t;
        if (!positions.getShape().equals(idx.getShape())) {
            throw new IllegalArgumentException(
                    "positions " + positions.getShape() + " must match ids " + idx.getShape());
        }
        if (padding.length != b) {
            throw new IllegalArgumentException("padding has " + padding.length + " rows, the ids " + b);
        }
        // One new token per row and no padding anywhere (a batch of one, say): nothing to mask.
        NDArray mask = null;
        if (t > 1 || java.util.Arrays.stream(padding).anyMatch(n -> n > 0)) {
            float[] bias = new float[b * t * slots];
            for (int r = 0; r < b; r++) {
                for (int i = 0; i < t; i++) {
                    int row = (r * t + i) * slots;
                    java.util.Arrays.fill(bias, row, row + Math.min(padding[r], slots), -(float) PADDING_BIAS);
                    java.util.Arrays.fill(bias, row + past + i + 1, row + slots, Float.NEGATIVE_INFINITY);
                }
            }
            mask = idx.getManager().create(bias, new Shape(b, 1, t, slots)); // (B, 1, T, past + T)
        }
        NDArray tok = Embedding.embedding(idx, p("transformer.wte.weight"), SparseFormat.DENSE)
                .singletonOrThrow(); // (B, T, C)
        NDArray pos = Embedding.embedding(positions, p("transformer.wpe.weight"), SparseFormat.DENSE)
                .singletonOrThrow(); // (B, T, C)
        NDArray x = tok.add(pos); // (B, T, C)
        for (int i = 0; i < config.layers(); i++) {
            String h = "transformer.h." + i + ".";
            x = x.add(attention(layerNorm(x, h + "ln_1"), h, mask, cache.layer(i), b, t, false)); // (B, T, C)
            x = x.add(mlp(layerNorm(x, h + "ln_2"), h, false)); // (B, T, C)
        }
        cache.advance(t);
        NDArray last = t == 1
                ? x.reshape(b, config.width())
                : x.get(new NDIndex().addAllDim().addIndices(t - 1)); // (B, C)
        return Linear.linear(layerNorm(last, "transformer.ln_f"), p("transformer.wte.weight"))
                .singletonOrThrow(); // (B, V)
    }

    /**
     * Mean cross-entropy of {@code logits} (B, T, V) against {@code targets} (B, T) ids, by
     * log-softmax and gather (DJL's built-in losses have no per-token mask). With {@code mask}
     * (B, T) of 0/1 floats, only tokens where it is 1 count (SFT's assistant-only loss); the mean is
     * over those tokens. Returns a scalar.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray targets, NDArray mask) {
        NDArray logp = logits.logSoftmax(-1); // (B, T, V)
        NDArray picked = logp.gather(targets.toType(DataType.INT64, false).expandDims(-1), -1)
                .squeeze(-1); // (B, T)
        if (mask == null) return picked.mean().neg();
        return picked.mul(mask).sum().div(mask.sum()).neg();
    }

    /** Causal attention bias: 0 where key position j ≤ query position past+i, −∞ after. */
    /**
     * {@code value} as a float32 scalar tensor in libtorch's own memory, for the scalar operand of
     * any op that autograd records. DJL's {@code mul(Number)} and {@code div(Number)} wrap the
     * number in a tensor over a Java direct buffer and close that tensor right after the op, but the
     * op's backward node keeps it to scale the gradient; once a garbage collection frees the buffer,
     * backward reads freed memory (glibc writes its free-list pointers there) and the gradient of
     * everything before the op is scaled by garbage. That made training depend on when the JVM
     * collected: the same steps parted at a random step in worker processes and under load
     * (docs/deploy.md, determinism). Never pass a {@code Number} to an op inside a gradient collector.
     */
    public static NDArray scalar(NDManager m, double value) {
        return m.full(new Shape(), (float) value);
    }

    static NDArray causalMask(NDManager m, long t, long past) {
        NDArray q = m.arange((int) past, (int) (past + t)).reshape(t, 1); // (T, 1) int32
        NDArray k = m.arange(0, (int) (past + t)).reshape(1, past + t); // (1, past + T) int32
        NDArray allowed = k.lte(q); // (T, past + T)
        // DJL's where does not broadcast: both branches get the mask's full shape.
        return NDArrays.where(
                allowed,
                m.zeros(allowed.getShape()),
                m.full(allowed.getShape(), Float.NEGATIVE_INFINITY)); // (T, past + T)
    }

    private NDArray attention(
            NDArray x, String h, NDArray mask, KvCache.Layer cache, long b, long t, boolean training) {
        int heads = config.heads();
        int d = config.headSize();
        // mask: null when every query may see every key (a single new token, no padding)
        NDArray qkv = Linear.linear(x, p(h + "attn.c_attn.weight"), p(h + "attn.c_attn.bias"))
                .singletonOrThrow(); // (B, T, 3C)
        NDList parts = qkv.split(3, 2);
        NDArray q = parts.get(0).reshape(b, t, heads, d).transpose(0, 2, 1, 3); // (B, H, T, D)
        NDArray k = parts.get(1).reshape(b, t, heads, d).transpose(0, 2, 1, 3); // (B, H, T, D)
        NDArray v = parts.get(2).reshape(b, t, heads, d).transpose(0, 2, 1, 3); // (B, H, T, D)
        if (cache != null) {
            NDList kv = cache.append(k, v);
            k = kv.get(0); // (B, H, past + T, D)
            v = kv.get(1); // (B, H, past + T, D)
        }
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale); // (B, H, T, past + T)
        if (mask != null) att = att.add(mask);
        att = dropout(att.softmax(-1), training);
        NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, config.width()); // (B, T, C)
        return dropout(
                Linear.linear(y, p(h + "attn.c_proj.weight"), p(h + "attn.c_proj.bias"))
                        .singletonOrThrow(),
                training);
    }

    private NDArray mlp(NDArray x, String h, boolean training) {
        NDArray u = Linear.linear(x, p(h + "mlp.c_fc.weight"), p(h + "mlp.c_fc.bias"))
                .singletonOrThrow(); // (B, T, 4C)
        NDArray y = Linear.linear(Activation.gelu(u), p(h + "mlp.c_proj.weight"), p(h + "mlp.c_proj.bias"))
                .singletonOrThrow(); // (B, T, C)
        return dropout(y, training);
    }

    /** LayerNorm over the last axis only: DJL's default would normalise T and C together. */
    private NDArray layerNorm(NDArray x, String prefix) {
        return LayerNorm.layerNorm(
                        x, new Shape(config.width()), p(prefix + ".weight"), p(prefix + ".bias"), LAYER_NORM_EPS)
                .singletonOrThrow();
    }

    private NDArray dropout(NDArray x, boolean training) {
        if (!training || config.dropout() == 0) return x;
        return Dropout.dropout(x, (float) config.dropout(), true).singletonOrThrow();
    }

    private NDArray p(String path) {
        return params.get(path);
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * Keys and values of every block for the tokens seen so far, batch first, so that decoding a
     * token costs one position instead of the whole prefix. Owns its arrays: close it.
     */
    public static final class KvCache implements AutoCloseable {
        private final List<Layer> layers = new ArrayList<>();
        private int length;

        public KvCache(GptConfig config) {
            for (int i = 0; i < config.layers(); i++) layers.add(new Layer());
        }

        /** Tokens cached so far. */
        public int length() {
            return length;
        }

        Layer layer(int i) {
            return layers.get(i);
        }

        void advance(long t) {
            length += (int) t;
        }

        /**
         * Keeps only the batch rows {@code rows} (in that order) and drops the first {@code leading}
         * slots of every row, when rows of a batch finish: they stop costing attention, and slots
         * that are padding in every remaining row go.
         */
        public void retain(long[] rows, int leading) {
            if (leading < 0 || leading > length) {
                throw new IllegalArgumentException("cannot drop " + leading + " of " + length + " cached slots");
            }
            for (Layer l : layers) l.retain(rows, leading);
            length -= leading;
        }

        @Override
        public void close() {
            for (Layer l : layers) l.close();
        }

        /**
         * One block's keys and values, (B, H, capacity, D) buffers of which the first {@code size}
         * slots are filled. Why buffers written in place rather than a concatenation per step: the
         * concatenation copies the whole cache every token (at batch 64 that is most of a step's
         * memory traffic); a buffer copies only when it doubles.
         */
        static final class Layer implements AutoCloseable {
            /** Slots a buffer starts with beyond the first append, so short replies never regrow. */
            private static final int HEADROOM = 64;

            private NDArray keys;
            private NDArray values;
            private int size;

            /** Appends k and v (B, H, T, D) and returns views of all filled slots, (B, H, size + T, D) each. */
            NDList append(NDArray k, NDArray v) {
                int t = Math.toIntExact(k.getShape().get(2));
                if (keys == null || size + t > keys.getShape().get(2)) {
                    int capacity = Math.max(
                            size + t + HEADROOM,
                            keys == null ? 0 : 2 * (int) keys.getShape().get(2));
                    keys = regrow(keys, k, capacity);
                    values = regrow(values, v, capacity);
                }
                NDIndex added = new NDIndex().addAllDim(2).addSliceDim(size, size + t);
                keys.set(added, k);
                values.set(added, v);
                size += t;
                NDIndex filled = new NDIndex().addAllDim(2).addSliceDim(0, size);
                return new NDList(keys.get(filled), values.get(filled));
            }

            /** A zero buffer of {@code capacity} slots holding the filled part of {@code old}; old is freed. */
            private NDArray regrow(NDArray old, NDArray like, int capacity) {
                Shape s = like.getShape();
                NDArray grown = like.getManager().zeros(new Shape(s.get(0), s.get(1), capacity, s.get(3)));
                NDScope.unregister(grown);
                if (old != null) {
                    if (size > 0)
                        grown.set(
                                new NDIndex().addAllDim(2).addSliceDim(0, size),
                                old.get(new NDIndex().addAllDim(2).addSliceDim(0, size)));
                    old.close();
                }
                return grown;
            }

            void retain(long[] rows, int leading) {
                keys = select(keys, rows, leading);
                values = select(values, rows, leading);
                size -= leading;
            }

            /**
             * The rows kept and their slots from {@code leading} on, at the start of a buffer of the
             * same capacity; the old buffer and every intermediate are freed now.
             */
            private NDArray select(NDArray old, long[] rows, int leading) {
                if (old == null) return null;
                Shape s = old.getShape();
                NDArray kept = old.getManager().zeros(new Shape(rows.length, s.get(1), s.get(2), s.get(3)));
                NDScope.unregister(kept);
                try (NDScope scope = new NDScope()) {
                    NDArray picked = old.get(new NDIndex("{}", old.getManager().create(rows))); // (R, H, capacity, D)
                    kept.set(
                            new NDIndex().addAllDim(2).addSliceDim(0, size - leading),
                            picked.get(new NDIndex()
                                    .addAllDim(2)
                                    .addSliceDim(leading, size))); // (R, H, size - leading, D)
                }
                old.close();
                return kept;
            }

            @Override
            public void close() {
                if (keys != null) keys.close();
                if (values != null) values.close();
            }
        }
    }
}
