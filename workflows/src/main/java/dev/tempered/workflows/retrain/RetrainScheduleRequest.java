package dev.tempered.workflows.retrain;

/**
 * A retraining schedule for the fallback workflow.
 *
 * @param name            schedule name; each firing's id is {@code name-<UTC firing time>}, as a Schedule names them
 * @param intervalSeconds seconds between firings, aligned to the epoch like a Schedule's interval spec
 * @param paused          whether firings are held (carried across continue-as-new)
 * @param firingsSoFar    firings started (carried across continue-as-new)
 */
public record RetrainScheduleRequest(String name, long intervalSeconds, boolean paused, long firingsSoFar) {
    public RetrainScheduleRequest {
        if (intervalSeconds < 1) throw new IllegalArgumentException("schedule interval must be at least 1 second");
    }
}
