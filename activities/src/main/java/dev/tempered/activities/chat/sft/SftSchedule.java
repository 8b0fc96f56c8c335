package dev.tempered.activities.chat.sft;

import java.util.function.LongToDoubleFunction;

/**
 * SFT's learning rate: linear warmup to {@code peak} over {@code warmupSteps} (as pretraining's
 * schedule warms up), then a straight line down to 0 at {@code steps}, so the last update is small
 * and the run ends on settled weights (nanochat decays SFT's rate to 0 too). Steps count from 0;
 * step {@code steps − 1}, the last update, uses {@code peak / (steps − warmupSteps)}.
 *
 * @param peak the largest rate; nanochat uses 0.8× its pretraining peak, and so do the stage defaults
 * @param warmupSteps steps of linear warmup
 * @param steps the run's length: the rate reaches 0 here
 */
public record SftSchedule(double peak, int warmupSteps, long steps) implements LongToDoubleFunction {
    public SftSchedule {
        if (!(peak > 0)) throw new IllegalArgumentException("peak learning rate must be > 0, got " + peak);
        if (warmupSteps < 0 || steps <= warmupSteps) {
            throw new IllegalArgumentException(
                    "need 0 ≤ warmup_steps < steps; got warmup_steps=" + warmupSteps + ", steps=" + steps);
        }
    }

    public double at(long step) {
        if (step < warmupSteps) return peak * (step + 1) / (warmupSteps + 1);
        if (step >= steps) return 0;
        return peak * (steps - step) / (steps - warmupSteps);
    }

    @Override
    public double applyAsDouble(long step) {
        return at(step);
    }
}
