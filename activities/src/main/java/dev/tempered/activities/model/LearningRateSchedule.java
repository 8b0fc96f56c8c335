package dev.tempered.activities.model;

/**
 * nanoGPT's learning rate: linear warmup to {@code peak} over {@code warmupSteps}, then a cosine
 * from {@code peak} down to {@code floor} at {@code decaySteps}, and {@code floor} after that.
 * Steps count from 0.
 *
 * @param peak the largest learning rate; 1e-3 suits the demo model (nanoGPT's char model uses it)
 * @param floor the learning rate at the end of the cosine; nanoGPT uses peak/10
 * @param warmupSteps steps of linear warmup; a few percent of the run
 * @param decaySteps the step at which the cosine reaches the floor, usually the run's length
 */
public record LearningRateSchedule(double peak, double floor, int warmupSteps, int decaySteps) {

    public LearningRateSchedule {
        if (!(peak > 0) || !(floor >= 0) || floor > peak) {
            throw new IllegalArgumentException(
                    "learning rates must satisfy 0 ≤ floor ≤ peak, 0 < peak; got peak=" + peak + " floor=" + floor);
        }
        if (warmupSteps < 0 || decaySteps < warmupSteps) {
            throw new IllegalArgumentException(
                    "need 0 ≤ warmupSteps ≤ decaySteps; got " + warmupSteps + ", " + decaySteps);
        }
    }

    /** A constant rate: no warmup, no decay. */
    public static LearningRateSchedule constant(double lr) {
        return new LearningRateSchedule(lr, lr, 0, 0);
    }

    public double at(long step) {
        if (step < warmupSteps) return peak * (step + 1) / (warmupSteps + 1);
        if (step > decaySteps || decaySteps == warmupSteps) return step > decaySteps ? floor : peak;
        double ratio = (double) (step - warmupSteps) / (decaySteps - warmupSteps);
        double coeff = 0.5 * (1 + Math.cos(Math.PI * ratio));
        return floor + coeff * (peak - floor);
    }
}
