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
 * <p>Not here: where batches come from ({@link TokenWindows}), checkpoints ({@link Checkpoint}),
 * evaluation, logging.
 */
public final class GptTrainer implements AutoCloseable {

    /** What one step did: the 1-based step number, mean loss over its micro-batches, the gradient norm before clipping, the learning rate used. */
    public record StepResult(long step, double loss, double gradNorm, double learningRate) {}

    private final Gpt model;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
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

    /** One update from {@code microBatches} (gradient accumulation over all of them). */
    public StepResult step(List<TokenWindows.Batch> microBatches) {
        if (microBatches.isEmpty()) throw new IllegalArgumentException("a step needs at least one micro-batch");
        double lr = schedule.at(step);
        if (model.config().dropout() > 0) Engine.getInstance().setRandomSeed((int) (seed * 1_000_003L + step));
        double lossSum = 0;
        int n = microBatches.size();
        try (NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int i = 0; i < n; i++) {
                TokenWindows.Batch b = microBatches.get(i);
                Shape shape = new Shape(b.batchSize(), b.length());
                NDArray x = manager.create(b.inputs(), shape); // (B, T)
                NDArray y = manager.create(b.targets(), shape); // (B, T)
                NDArray loss = Gpt.crossEntropy(model.forward(x, null, true), y, null);
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
