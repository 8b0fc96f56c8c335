package dev.tempered.activities.model;

/**
 * A training step produced a NaN or infinite loss or gradient norm. The step's update was not
 * applied, so the model and optimizer still hold the last good state; the stage keeps its last good
 * checkpoint and stops (retrying the same step on the same data would diverge the same way).
 */
public class NonFiniteLossException extends RuntimeException {
    private final long step;
    private final String what;

    public NonFiniteLossException(long step, String what) {
        super("training diverged at step " + step + ": " + what
                + "; the update was not applied. Lower the learning rate or resume from the last good checkpoint");
        this.step = step;
        this.what = what;
    }

    /** What was not finite, e.g. {@code "loss is NaN on micro-batch 0"}. */
    public String what() {
        return what;
    }

    /** The 0-based step whose update was refused. */
    public long step() {
        return step;
    }
}
