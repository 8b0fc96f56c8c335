package dev.tempered.activities.training;

import java.util.Map;

/**
 * What {@link TrainingLoop} trains: a model, its optimizer and its data source, already at the
 * step to start from (0 for a fresh run, the checkpoint's step for a resumed one, with the data
 * source at the checkpoint's position). Pretraining, SFT (a masked loss), a reward model (a
 * pairwise loss) and PPO differ only here; cadence, divergence, metrics and checkpoints are the
 * loop's.
 *
 * <p>Contract: {@link #step()} draws its own batches and applies exactly one update; when the
 * loss or gradient norm is NaN or infinite it throws {@link NonFiniteUpdateException} without
 * applying the update, so the task still holds the last good state.
 */
public interface TrainingTask {

    /** Updates applied so far. */
    long stepsDone();

    /** Draws the next batches and applies one update. */
    StepResult step();

    /**
     * Evaluation metrics by name (for example {@code val_loss}) on data the task holds out, the same
     * data every time so values compare across steps; empty when the task has nothing to evaluate on.
     */
    Map<String, Double> evaluate();

    /** Everything needed to continue exactly from {@link #stepsDone()}. */
    TrainingSnapshot snapshot();

    /**
     * Why the run must end now, before its configured last step (a guard of the task's own, such as
     * PPO's KL bound or its reward-hacking check), or empty to go on. The loop asks after every step
     * and evaluation; when a reason comes back it checkpoints that step, stores its metrics and
     * returns with the reason in {@link TrainingOutcome#stopReason()}. Default: never.
     */
    default java.util.Optional<String> stopReason() {
        return java.util.Optional.empty();
    }
}
