package dev.tempered.activities.training;

/**
 * Where a training run is now, for people following it (the CLI's progress lines, the dashboard);
 * resuming needs none of it.
 *
 * @param step the update just done
 * @param steps the updates the run will do in all
 * @param loss that update's training loss, in nats
 * @param tokensPerSecond training throughput of this attempt so far (0 when the task does not count tokens)
 * @param secondsPerStep mean time of this attempt's updates so far, for an estimate of the time left
 */
public record TrainingPulse(long step, long steps, double loss, double tokensPerSecond, double secondsPerStep) {
    /** Seconds until the run's last update at this attempt's pace. */
    public double secondsLeft() {
        return (steps - step) * secondsPerStep;
    }
}
