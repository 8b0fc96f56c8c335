package dev.tempered.activities.chat.sft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import dev.tempered.activities.model.GptTrainingTask;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.NonFiniteLossException;
import dev.tempered.activities.training.NonFiniteUpdateException;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning as a {@link TrainingTask}: each step takes {@code microBatches} batches of
 * packed conversations ({@link PackedConversations}) and one {@link GptTrainer#stepMasked} update
 * on the masked next-token loss; evaluation is {@code val_loss}, the masked loss on the validation
 * conversations (always the same windows, weighted by their trained tokens); a snapshot is a chat
 * {@link Checkpoint} holding the packer's position, so {@link #resume} continues the exact batches.
 *
 * <p>A step reports, besides the loop's loss, lr and grad norm: {@value #MASKED_TOKENS} (targets
 * trained in this step) and {@value #MASKED_SHARE} (their share of all target positions, padding
 * included: how much of the compute teaches the model something).
 *
 * <p>Not here: reading conversations and checkpoints from storage, cadence (the loop's).
 */
public final class SftTrainingTask implements TrainingTask, AutoCloseable {
    public static final String MASKED_TOKENS = "masked_tokens";
    public static final String MASKED_SHARE = "masked_share";
    /** Validation loss is over at most this many batches of validation windows, always the same ones. */
    public static final int EVAL_BATCHES = 8;

    private final Gpt gpt;
    private final AdamW optimizer;
    private final GptTrainer trainer;
    private final PackedConversations loader;
    private final List<MaskedBatch> validation;
    private final GptTrainingTask.Settings settings;
    private final ModelOrigin origin;

    private SftTrainingTask(
            Gpt gpt,
            AdamW optimizer,
            long step,
            SftSchedule schedule,
            GptTrainingTask.Settings settings,
            PackedConversations loader,
            List<MaskedBatch> validation,
            ModelOrigin origin) {
        this.gpt = gpt;
        this.optimizer = optimizer;
        this.loader = loader;
        this.validation = validation == null ? List.of() : List.copyOf(validation);
        this.settings = settings;
        this.origin = origin;
        this.trainer = new GptTrainer(gpt, optimizer, schedule, settings.maxGradNorm(), settings.seed(), step);
    }

    /**
     * Starts from a base model's parameters with fresh AdamW moments at step 0 (the base run's
     * optimizer state belongs to another objective and another schedule). Parameters go into the
     * model before the trainer exists (the DJL trap in notes/djl.md).
     *
     * @param validation validation batches (see {@link PackedConversations#allWindows}); empty for none
     * @param origin what the snapshots say the model is: a chat model of the run's tokenizer
     */
    public static SftTrainingTask fromBase(
            Checkpoint base,
            AdamW.Settings adamW,
            SftSchedule schedule,
            GptTrainingTask.Settings settings,
            PackedConversations loader,
            List<MaskedBatch> validation,
            ModelOrigin origin,
            NDManager manager) {
        Gpt gpt = Gpt.fromValues(base.config(), base.parameters(), manager);
        AdamW optimizer = new AdamW(adamW, manager);
        return build(gpt, optimizer, 0, schedule, settings, loader, validation, origin);
    }

    /** The model, optimizer and packer position of an SFT {@code checkpoint}, at its step. */
    public static SftTrainingTask resume(
            Checkpoint checkpoint,
            SftSchedule schedule,
            GptTrainingTask.Settings settings,
            PackedConversations loader,
            List<MaskedBatch> validation,
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
        return build(gpt, optimizer, checkpoint.step(), schedule, settings, loader, validation, checkpoint.origin());
    }

    private static SftTrainingTask build(
            Gpt gpt,
            AdamW optimizer,
            long step,
            SftSchedule schedule,
            GptTrainingTask.Settings settings,
            PackedConversations loader,
            List<MaskedBatch> validation,
            ModelOrigin origin) {
        try {
            return new SftTrainingTask(gpt, optimizer, step, schedule, settings, loader, validation, origin);
        } catch (RuntimeException e) {
            optimizer.close();
            gpt.close();
            throw e;
        }
    }

    public Gpt model() {
        return gpt;
    }

    @Override
    public long stepsDone() {
        return trainer.step();
    }

    @Override
    public StepResult step() {
        List<MaskedBatch> batches = new ArrayList<>(settings.microBatches());
        long tokens = 0;
        long masked = 0;
        for (int i = 0; i < settings.microBatches(); i++) {
            MaskedBatch b = loader.next(settings.batchSize());
            tokens += (long) b.batchSize() * b.length();
            masked += b.maskedTokens();
            batches.add(b);
        }
        GptTrainer.StepResult r;
        try {
            r = trainer.stepMasked(batches);
        } catch (NonFiniteLossException e) {
            throw new NonFiniteUpdateException(e.what(), e);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MASKED_TOKENS, (double) masked);
        metrics.put(MASKED_SHARE, (double) masked / tokens);
        return new StepResult(r.loss(), r.learningRate(), r.gradNorm(), tokens, metrics);
    }

    @Override
    public Map<String, Double> evaluate() {
        if (validation.isEmpty()) return Map.of();
        return Map.of(GptTrainingTask.VAL_LOSS, validationLoss(gpt, validation, EVAL_BATCHES));
    }

    /**
     * The masked loss over up to {@code maxBatches} of {@code batches}, without gradients: each
     * batch's mean over its trained targets, weighted by their count, so the value is the mean over
     * all trained targets seen.
     */
    public static double validationLoss(Gpt model, List<MaskedBatch> batches, int maxBatches) {
        double sum = 0;
        long count = 0;
        try (NDManager manager = NDManager.newBaseManager(model.device())) {
            for (MaskedBatch b : batches.subList(0, Math.min(maxBatches, batches.size()))) {
                try (NDScope scope = new NDScope()) {
                    Shape shape = new Shape(b.batchSize(), b.length());
                    NDArray x = manager.create(b.inputs(), shape); // (B, T)
                    NDArray y = manager.create(b.targets(), shape); // (B, T)
                    NDArray mask = manager.create(b.mask(), shape); // (B, T)
                    long m = b.maskedTokens();
                    sum += Gpt.crossEntropy(model.forward(x, null, false), y, mask)
                                    .getFloat()
                            * m;
                    count += m;
                }
            }
        }
        return sum / count;
    }

    @Override
    public Checkpoint snapshot() {
        return Checkpoint.of(trainer, loader.position(), settings.seed(), origin);
    }

    @Override
    public void close() {
        trainer.close();
        optimizer.close();
        gpt.close();
    }
}
