package dev.tempered.activities.training;

/**
 * Training stopped because an update was not finite: its loss or gradient norm (the update was not
 * applied), or the weights after it (no checkpoint was written for it). Retrying the same update on
 * the same data and weights diverges the same way, so an adapter reports this as not retryable;
 * {@link #lastGood()} names the checkpoint to continue from with other settings.
 */
public class TrainingDivergedException extends RuntimeException {
    private final long update;
    private final long steps;
    private final String what;
    private final TrainingProgress lastGood;

    /**
     * @param update the 1-based number of the update that diverged
     * @param steps the number of updates the run was to reach
     * @param what what was not finite and what was therefore not done
     */
    public TrainingDivergedException(long update, long steps, String what, TrainingProgress lastGood, Throwable cause) {
        super(
                "training diverged at update " + update + " of " + steps + ": " + what + ". Last good checkpoint: "
                        + (lastGood.checkpoint() == null
                                ? "none"
                                : lastGood.checkpoint() + " (step " + lastGood.step() + ")"),
                cause);
        this.update = update;
        this.steps = steps;
        this.what = what;
        this.lastGood = lastGood;
    }

    public long update() {
        return update;
    }

    public long steps() {
        return steps;
    }

    public String what() {
        return what;
    }

    /** The last checkpoint published before the divergence; its checkpoint is null when there was none. */
    public TrainingProgress lastGood() {
        return lastGood;
    }
}
