package dev.tempered.activities.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongToDoubleFunction;

/**
 * One optimisation step at a time: forward and backward over each micro-batch (gradients
 * accumulate, each loss divided by the number of micro-batches so the update equals one big
 * batch's), global-norm clipping computed by hand (DJL's {@code clipGrad} clips each element), and
 * an {@link AdamW} update at the scheduled learning rate. A NaN or infinite loss or gradient norm
 * throws {@link NonFiniteLossException} before anything is updated.
 *
 * <p>Randomness: dropout (when the config has any) draws from libtorch's global generator, which
 * is reseeded from (seed, step) at every step, so a resumed run needs no saved RNG state. That
 * generator is per JVM: run one trainer at a time (DJL allows one gradient collector anyway).
 *
 * <p>Two kinds of batch: pretraining's {@link TokenWindows.Batch} (every target counts) and SFT's
 * {@link MaskedBatch} (only targets whose mask is 1 count; each micro-batch's loss is the mean over
 * its own trained tokens, as nanochat's {@code ignore_index=-1} cross-entropy gives). Both run the
 * same update code.
 *
 * <p>Not here: where batches come from ({@link TokenWindows}, the SFT packer), checkpoints
 * ({@link Checkpoint}), evaluation, logging.
 */
public final class GptTrainer implements AutoCloseable {

    /** What one step did: the 1-based step number, mean loss over its micro-batches, the gradient norm before clipping, the learning rate used. */
    public record StepResult(long step, double loss, double gradNorm, double learningRate) {}

    private final Gpt model;
    private final AdamW optimizer;
    private final LongToDoubleFunction schedule;
    private final double maxGradNorm;
    private final long seed;
    private final NDManager manager;
    private long step;

    /**
     * @param maxGradNorm clip the global gradient norm to this; 1.0 as in nanoGPT, 0 for no clipping
     * @param step steps already taken (0 for a new run, the checkpoint's step when resuming)
     */
    public GptTrainer(
            Gpt model, AdamW optimizer, LearningRateSchedule schedule, double maxGradNorm, long seed, long step) {
        this(model, optimizer, (LongToDoubleFunction) schedule::at, maxGradNorm, seed, step);
    }

    /**
     * @param schedule the learning rate at each 0-based step (SFT's warmup + linear decay, for one)
     * @param maxGradNorm clip the global gradient norm to this; 0 for no clipping
     * @param step steps already taken (0 for a new run, the checkpoint's step when resuming)
     */
    public GptTrainer(
            Gpt model, AdamW optimizer, LongToDoubleFunction schedule, double maxGradNorm, long seed, long step) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.maxGradNorm = maxGradNorm;
        this.seed = seed;
        this.step = step;
        this.manager = NDManager.newBaseManager(model.device());
    }

    public Gpt model() {
        return model;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** Steps taken so far. */
    public long step() {
        return step;
    }

    /**
     * B masked windows: {@code inputs} and {@code targets} are (B, T) row-major ids, {@code mask}
     * (B, T) is 1 where the target is trained and 0 elsewhere (prompts, tool outputs, padding).
     * At least one mask value must be 1, or the loss has no tokens to average.
     */
    public record MaskedBatch(int batchSize, int length, int[] inputs, int[] targets, float[] mask) {
        public MaskedBatch {
            int n = batchSize * length;
            if (inputs.length != n || targets.length != n || mask.length != n) {
                throw new IllegalArgumentException("a " + batchSize + "×" + length + " batch needs " + n
                        + " inputs, targets and mask values; got " + inputs.length + ", " + targets.length + ", "
                        + mask.length);
            }
        }

        /** Targets whose mask is 1: the tokens this batch trains on. */
        public long maskedTokens() {
            long m = 0;
            for (float v : mask) if (v != 0) m++;
            return m;
        }
    }

    /** One update from {@code microBatches} (gradient accumulation over all of them). */
    public StepResult step(List<TokenWindows.Batch> microBatches) {
        return update(microBatches.size(), i -> {
            TokenWindows.Batch b = microBatches.get(i);
            Shape shape = new Shape(b.batchSize(), b.length());
            NDArray x = manager.create(b.inputs(), shape); // (B, T)
            NDArray y = manager.create(b.targets(), shape); // (B, T)
            return Gpt.crossEntropy(model.forward(x, null, true), y, null);
        });
    }

    /**
     * One update from masked micro-batches: each one's loss is the mean over its trained targets,
     * and the update is the mean of those losses (gradient accumulation as for pretraining).
     */
    public StepResult stepMasked(List<MaskedBatch> microBatches) {
        for (MaskedBatch b : microBatches) {
            if (b.maskedTokens() == 0) {
                throw new IllegalArgumentException("a masked micro-batch has no trained target; its loss is undefined");
            }
        }
        return update(microBatches.size(), i -> {
            MaskedBatch b = microBatches.get(i);
            Shape shape = new Shape(b.batchSize(), b.length());
            NDArray x = manager.create(b.inputs(), shape); // (B, T)
            NDArray y = manager.create(b.targets(), shape); // (B, T)
            NDArray mask = manager.create(b.mask(), shape); // (B, T) float 0/1
            return Gpt.crossEntropy(model.forward(x, null, true), y, mask);
        });
    }

    /**
     * Forward and backward over {@code n} micro-batches ({@code lossOf} builds micro-batch i's scalar
     * loss inside the gradient collector), clipping and the AdamW update.
     */
    private StepResult update(int n, IntFunction<NDArray> lossOf) {
        if (n == 0) throw new IllegalArgumentException("a step needs at least one micro-batch");
        double lr = schedule.applyAsDouble(step);
        if (model.config().dropout() > 0) Engine.getInstance().setRandomSeed((int) (seed * 1_000_003L + step));
        double lossSum = 0;
        try (NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int i = 0; i < n; i++) {
                NDArray loss = lossOf.apply(i);
                double l = loss.getFloat();
                if (!Double.isFinite(l)) {
                    zeroGradients();
                    throw new NonFiniteLossException(step, "loss is " + l + " on micro-batch " + i);
                }
                lossSum += l;
                // A tensor divisor, not loss.div(n): see Gpt.scalar for why a Number operand breaks backward.
                gc.backward(n == 1 ? loss : loss.div(Gpt.scalar(manager, n)));
            }
            double norm = globalGradNorm();
            if (!Double.isFinite(norm)) {
                zeroGradients();
                throw new NonFiniteLossException(step, "gradient norm is " + norm);
            }
            double scale = maxGradNorm > 0 ? Math.min(1.0, maxGradNorm / (norm + 1e-6)) : 1.0;
            optimizer.update(model.parameters(), lr, scale);
            step++;
            return new StepResult(step, lossSum / n, norm, lr);
        }
    }

    /** √(Σ‖g‖²) over all parameters, as torch.nn.utils.clip_grad_norm_ measures it. */
    private double globalGradNorm() {
        double sumSquares = 0;
        for (NDArray p : model.parameters().values()) {
            NDArray g = p.getGradient();
            double norm = g.norm().getFloat();
            sumSquares += norm * norm;
        }
        return Math.sqrt(sumSquares);
    }

    /** Sets accumulated gradients to 0 (not g − g, which keeps NaN) so a later step starts clean. */
    private void zeroGradients() {
        for (NDArray p : model.parameters().values()) JniUtils.zeroGrad((PtNDArray) p);
    }

    @Override
    public void close() {
        manager.close();
    }
}
