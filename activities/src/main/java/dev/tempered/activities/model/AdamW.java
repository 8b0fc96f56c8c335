package dev.tempered.activities.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with its state in our hands: first and second moments per parameter keyed by the
 * parameter's path (DJL's own optimizer keys them by random per-instance ids and cannot save
 * them), and decoupled weight decay only on tensors of two or more dimensions. Embeddings do decay:
 * nanoGPT's rule is "every ≥2-D tensor", and the token embedding is also the tied LM head matrix.
 * Biases and LayerNorm parameters never decay.
 *
 * <p>The arithmetic is libtorch's, through DJL's fused {@code adamUpdate(..., adamw=true)}, which
 * computes {@code w -= lr·wd·w; w -= lrbc · m / (√v + ε')}. PyTorch's AdamW divides by
 * {@code √v/√(1−β₂ᵗ) + ε}; passing {@code lrbc = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)} and {@code ε' = ε·√(1−β₂ᵗ)}
 * makes the two the same formula, so losses match a PyTorch twin step for step. The native update
 * also zeroes each gradient, which is what gradient accumulation relies on.
 *
 * <p>Not here: the learning rate ({@link LearningRateSchedule}) and clipping (the caller passes the
 * clip factor as the gradient scale).
 */
public final class AdamW implements AutoCloseable {

    /**
     * @param beta1 decay of the first moment; 0.9 (GPT-2, nanoGPT)
     * @param beta2 decay of the second moment; 0.95 as nanoGPT uses for GPT training (0.999, the
     *     PyTorch default, reacts too slowly to loss spikes)
     * @param epsilon added to √v̂; 1e-8, PyTorch's default
     * @param weightDecay decoupled decay per unit learning rate on ≥2-D tensors; 0.1 (nanoGPT)
     */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        public static Settings defaults() {
            return new Settings(0.9, 0.95, 1e-8, 0.1);
        }
    }

    /** Everything needed to continue exactly: settings, update count and moments by path. */
    public record State(
            Settings settings, long step, Map<String, float[]> firstMoments, Map<String, float[]> secondMoments) {}

    private final Settings settings;
    private final NDManager manager;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long step;

    public AdamW(Settings settings, NDManager parent) {
        this.settings = settings;
        this.manager = parent.newSubManager();
    }

    /** An optimizer continuing from {@code state}; its moments must be for exactly these parameters. */
    public static AdamW restore(State state, Map<String, NDArray> params, NDManager parent) {
        AdamW opt = new AdamW(state.settings(), parent);
        opt.step = state.step();
        if (state.step() > 0) {
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                float[] fm = state.firstMoments().get(e.getKey());
                float[] sm = state.secondMoments().get(e.getKey());
                if (fm == null || sm == null) {
                    throw new CheckpointFormatException("optimizer state has no moments for parameter " + e.getKey());
                }
                opt.m.put(e.getKey(), opt.create(fm, e.getValue()));
                opt.v.put(e.getKey(), opt.create(sm, e.getValue()));
            }
        }
        return opt;
    }

    private NDArray create(float[] values, NDArray like) {
        if (values.length != like.size()) {
            throw new CheckpointFormatException(
                    "optimizer moments have " + values.length + " values for a parameter of shape " + like.getShape());
        }
        NDArray a = manager.create(values, like.getShape());
        NDScope.unregister(a);
        return a;
    }

    public Settings settings() {
        return settings;
    }

    /** Updates applied so far. */
    public long step() {
        return step;
    }

    /** Whether {@code path} gets weight decay: tensors of two or more dimensions. */
    public static boolean decays(NDArray param) {
        return param.getShape().dimension() >= 2;
    }

    /**
     * One update of every parameter from its accumulated gradient times {@code gradScale} (the
     * global-norm clip factor, 1 when not clipping), at learning rate {@code lr}. Gradients are
     * zero afterwards. Call inside an {@link NDScope}.
     */
    public void update(Map<String, NDArray> params, double lr, double gradScale) {
        step++;
        double bc1 = 1 - Math.pow(settings.beta1(), step);
        double bc2 = 1 - Math.pow(settings.beta2(), step);
        float lrCorrected = (float) (lr * Math.sqrt(bc2) / bc1);
        float eps = (float) (settings.epsilon() * Math.sqrt(bc2));
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray w = e.getValue();
            NDArray mean = m.computeIfAbsent(e.getKey(), k -> zeros(w));
            NDArray var = v.computeIfAbsent(e.getKey(), k -> zeros(w));
            NDArray grad = w.getGradient();
            float wd = decays(w) ? (float) settings.weightDecay() : 0f;
            w.getNDArrayInternal()
                    .adamUpdate(
                            new NDList(w, grad, mean, var),
                            new NDList(w),
                            (float) lr,
                            lrCorrected,
                            wd,
                            (float) gradScale,
                            -1f,
                            (float) settings.beta1(),
                            (float) settings.beta2(),
                            eps,
                            false,
                            true);
        }
    }

    private NDArray zeros(NDArray like) {
        NDArray z = manager.zeros(like.getShape(), like.getDataType());
        NDScope.unregister(z);
        return z;
    }

    /** A copy of the state for a checkpoint. */
    public State state() {
        Map<String, float[]> fm = new LinkedHashMap<>();
        Map<String, float[]> sm = new LinkedHashMap<>();
        m.forEach((k, a) -> fm.put(k, a.toFloatArray()));
        v.forEach((k, a) -> sm.put(k, a.toFloatArray()));
        return new State(settings, step, fm, sm);
    }

    @Override
    public void close() {
        manager.close();
    }
}
