package dev.tempered.activities.chat.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A reward model: a chat model's trunk ({@link Gpt#hidden}) and a scalar head, a linear map from
 * the final token's features to one number (TRL's {@code AutoModelForSequenceClassification} with
 * one label, InstructGPT's RM). The score of a conversation is read at its last token, the reply's
 * {@code <|assistant_end|>}; sequences are right-padded, and causal attention keeps padding from
 * reaching earlier positions. {@code offset} is subtracted from every score so that the
 * demonstrations average 0 (InstructGPT); it is 0 while training.
 *
 * <p>Not here: the loss ({@link BradleyTerry}), saving ({@link RewardCheckpoint}).
 */
public final class RewardModel implements AutoCloseable {
    /** Head parameter paths, beside the trunk's nanoGPT paths. */
    public static final String HEAD_WEIGHT = "score.weight";

    public static final String HEAD_BIAS = "score.bias";

    private final Gpt trunk;
    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;
    private final Map<String, NDArray> params;
    private final double offset;

    private RewardModel(Gpt trunk, NDManager manager, float[] weight, float bias, double offset) {
        this.trunk = trunk;
        this.manager = manager;
        this.weight = manager.create(weight, new Shape(1, trunk.config().width()));
        this.bias = manager.create(new float[] {bias}, new Shape(1));
        NDScope.unregister(this.weight, this.bias);
        this.weight.setRequiresGradient(true);
        this.bias.setRequiresGradient(true);
        Map<String, NDArray> all = new LinkedHashMap<>(trunk.parameters());
        all.put(HEAD_WEIGHT, this.weight);
        all.put(HEAD_BIAS, this.bias);
        this.params = java.util.Collections.unmodifiableMap(all);
        this.offset = offset;
    }

    /**
     * A chat model's trunk with a fresh head: weights ~ N(0, 1/(C+1)²) from {@code seed} (TRL's
     * value-head initialisation scale), bias 0.
     */
    public static RewardModel fromChatModel(GptConfig config, Map<String, float[]> trunk, long seed, NDManager parent) {
        float[] w = new float[config.width()];
        Random rng = new Random(seed * 1_000_003L + HEAD_WEIGHT.hashCode());
        for (int i = 0; i < w.length; i++) w[i] = (float) (rng.nextGaussian() / (config.width() + 1));
        return of(config, trunk, w, 0f, 0, parent);
    }

    /** A model holding exactly these values. */
    public static RewardModel of(
            GptConfig config, Map<String, float[]> trunk, float[] weight, float bias, double offset, NDManager parent) {
        if (weight.length != config.width()) {
            throw new IllegalArgumentException(
                    "reward head has " + weight.length + " weights for a trunk of width " + config.width());
        }
        Gpt gpt = Gpt.fromValues(config, trunk, parent);
        return new RewardModel(gpt, gpt.parameters().values().iterator().next().getManager(), weight, bias, offset);
    }

    public GptConfig config() {
        return trunk.config();
    }

    public Gpt trunk() {
        return trunk;
    }

    /** Every trainable parameter by path: the trunk's and {@link #HEAD_WEIGHT}, {@link #HEAD_BIAS}. Live arrays. */
    public Map<String, NDArray> parameters() {
        return params;
    }

    public float[] headWeight() {
        return weight.toFloatArray();
    }

    public float headBias() {
        return bias.getFloat();
    }

    public double offset() {
        return offset;
    }

    /**
     * Scores (B,) of right-padded sequences {@code idx} (B, T), each read at its last real token
     * {@code last[r]}, minus the offset. Differentiable through trunk and head.
     */
    public NDArray scores(NDArray idx, int[] last, boolean training) {
        NDArray h = trunk.hidden(idx, null, training); // (B, T, C)
        NDManager m = idx.getManager();
        long b = idx.getShape().get(0);
        long t = idx.getShape().get(1);
        long[] flat = new long[last.length];
        for (int r = 0; r < last.length; r++) flat[r] = r * t + last[r];
        NDArray picked = h.reshape(b * t, trunk.config().width()).get(new NDIndex("{}", m.create(flat))); // (B, C)
        NDArray s = Linear.linear(picked, weight, bias).singletonOrThrow().reshape(b); // (B,)
        return offset == 0 ? s : s.sub(Gpt.scalar(m, offset));
    }

    /**
     * The head at every position of {@code idx} (B, T) → (B, T), without the offset: PPO's value
     * head, a critic initialised from the reward model (InstructGPT), reads one value per state.
     */
    public NDArray tokenScores(NDArray idx, boolean training) {
        NDArray h = trunk.hidden(idx, null, training); // (B, T, C)
        long b = idx.getShape().get(0);
        long t = idx.getShape().get(1);
        return Linear.linear(h, weight, bias).singletonOrThrow().reshape(b, t); // (B, T)
    }

    /** Scores of plain id sequences (each at most the context long), without gradients, in batches of {@code batch}. */
    public double[] score(java.util.List<int[]> sequences, int batch) {
        double[] out = new double[sequences.size()];
        try (NDManager m = NDManager.newBaseManager(trunk.device())) {
            for (int start = 0; start < sequences.size(); start += batch) {
                try (NDScope scope = new NDScope()) {
                    java.util.List<int[]> part = sequences.subList(start, Math.min(sequences.size(), start + batch));
                    PaddedSequences p = PaddedSequences.of(part);
                    float[] s = scores(m.create(p.ids(), new Shape(p.rows(), p.length())), p.last(), false)
                            .toFloatArray();
                    for (int i = 0; i < s.length; i++) out[start + i] = s[i];
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        trunk.close();
    }
}
