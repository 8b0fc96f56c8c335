package dev.tempered.activities.training;

/**
 * Thrown by {@link TrainingTask#step()} when the update it was about to apply has a NaN or
 * infinite loss or gradient norm; the update was not applied.
 */
public class NonFiniteUpdateException extends RuntimeException {
    private final String what;

    /** @param what what was not finite, e.g. {@code "loss is NaN on micro-batch 0"} */
    public NonFiniteUpdateException(String what, Throwable cause) {
        super(what + "; the update was not applied", cause);
        this.what = what;
    }

    public String what() {
        return what;
    }
}
