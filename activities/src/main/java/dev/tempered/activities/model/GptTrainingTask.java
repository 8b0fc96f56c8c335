package dev.tempered.activities.model;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.training.NonFiniteUpdateException;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GPT pretraining as a {@link TrainingTask}: each step takes {@code microBatches} batches of
 * windows from a {@link TokenWindows} and one {@link GptTrainer} update on next-token
 * cross-entropy; evaluation is the validation loss ({@code val_loss}) on held-out tokens; a
 * snapshot is a {@link Checkpoint} holding the loader position, so {@link #resume} continues the
 * exact sequence of batches.
 *
 * <p>Build a task fresh or from a checkpoint, hand it to a
 * {@link dev.tempered.activities.training.TrainingLoop}, close it. Not here: where tokens and
 * checkpoints are stored, cadence, divergence policy (the loop's).
 */
public final class GptTrainingTask implements TrainingTask, AutoCloseable {
    /** Validation loss is the mean over at most this many batches of held-out windows, always the same ones. */
    public static final int EVAL_BATCHES = 8;
    /** The name of the one evaluation metric: mean cross-entropy on held-out windows, in nats. */
    public static final String VAL_LOSS = "val_loss";

    /**
     * How each update draws and clips.
     *
     * @param batchSize windows per micro-batch
     * @param microBatches micro-batches per update (gradients accumulate over them)
     * @param maxGradNorm clip the global gradient norm to this; 0 for no clipping
     * @param seed initialisation, dropout and the loader's order derive from it; checkpoints record it
     */
    public record Settings(int batchSize, int microBatches, double maxGradNorm, long seed) {
        public Settings {
            if (batchSize < 1 || microBatches < 1) {
                throw new IllegalArgumentException(
                        "batch_size and micro_batches must be ≥ 1, got " + batchSize + " and " + microBatches);
            }
        }
    }

    private final Gpt gpt;
    private final AdamW optimizer;
    private final GptTrainer trainer;
    private final TokenWindows loader;
    private final int[] validation;
    private final Settings settings;

    private GptTrainingTask(
            Gpt gpt,
            AdamW optimizer,
            long step,
            LearningRateSchedule schedule,
            Settings settings,
            TokenWindows loader,
            int[] validation) {
        this.gpt = gpt;
        this.optimizer = optimizer;
        this.loader = loader;
        this.validation = validation;
        this.settings = settings;
        this.trainer = new GptTrainer(gpt, optimizer, schedule, settings.maxGradNorm(), settings.seed(), step);
    }

    /**
     * A new model initialised from the seed, at step 0.
     *
     * @param loader training windows, at the start of its first epoch
     * @param validation held-out tokens for {@code val_loss}, or null for no evaluation
     */
    public static GptTrainingTask fresh(
            GptConfig config,
            AdamW.Settings adamW,
            LearningRateSchedule schedule,
            Settings settings,
            TokenWindows loader,
            int[] validation,
            NDManager manager) {
        Gpt gpt = Gpt.initialize(config, settings.seed(), manager);
        AdamW optimizer = new AdamW(adamW, manager);
        return build(gpt, optimizer, 0, schedule, settings, loader, validation);
    }

    /**
     * The model, optimizer and loader position of {@code checkpoint}, at its step. Parameters go into
     * the model before the trainer exists (the DJL trap in notes/djl.md). The caller checks first
     * that the checkpoint fits the run ({@link Checkpoint#requireCompatible}).
     *
     * @param loader training windows over the same tokens the checkpoint was trained on
     */
    public static GptTrainingTask resume(
            Checkpoint checkpoint,
            LearningRateSchedule schedule,
            Settings settings,
            TokenWindows loader,
            int[] validation,
            NDManager manager) {
        Gpt gpt = Gpt.fromValues(checkpoint.config(), checkpoint.parameters(), manager);
        AdamW optimizer;
        try {
            optimizer = AdamW.restore(checkpoint.optimizer(), gpt.parameters(), manager);
        } catch (RuntimeException e) {
            gpt.close();
            throw e;
        }
        try {
            loader.seek(checkpoint.loader());
        } catch (RuntimeException e) {
            optimizer.close();
            gpt.close();
            throw e;
        }
        return build(gpt, optimizer, checkpoint.step(), schedule, settings, loader, validation);
    }

    private static GptTrainingTask build(
            Gpt gpt,
            AdamW optimizer,
            long step,
            LearningRateSchedule schedule,
            Settings settings,
            TokenWindows loader,
            int[] validation) {
        try {
            return new GptTrainingTask(gpt, optimizer, step, schedule, settings, loader, validation);
        } catch (RuntimeException e) {
            optimizer.close();
            gpt.close();
            throw e;
        }
    }

    public GptConfig config() {
        return gpt.config();
    }

    @Override
    public long stepsDone() {
        return trainer.step();
    }

    @Override
    public StepResult step() {
        List<TokenWindows.Batch> batches = new ArrayList<>(settings.microBatches());
        long tokens = 0;
        for (int i = 0; i < settings.microBatches(); i++) {
            TokenWindows.Batch b = loader.next(settings.batchSize());
            tokens += (long) b.batchSize() * b.length();
            batches.add(b);
        }
        GptTrainer.StepResult r;
        try {
            r = trainer.step(batches);
        } catch (NonFiniteLossException e) {
            throw new NonFiniteUpdateException(e.what(), e);
        }
        return new StepResult(r.loss(), r.learningRate(), r.gradNorm(), tokens);
    }

    @Override
    public Map<String, Double> evaluate() {
        if (validation == null) return Map.of();
        return Map.of(
                VAL_LOSS,
                Evaluation.loss(
                        gpt,
                        validation,
                        gpt.config().contextLength(),
                        settings.batchSize(),
                        settings.seed(),
                        EVAL_BATCHES));
    }

    @Override
    public Checkpoint snapshot() {
        return Checkpoint.of(trainer, loader, settings.seed());
    }

    @Override
    public void close() {
        trainer.close();
        optimizer.close();
        gpt.close();
    }
}
