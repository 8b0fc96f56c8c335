package dev.tempered.activities.chat.ppo;

import java.util.Optional;

/**
 * When PPO must stop before it learns to game the reward model ("run it a few hundred steps then
 * stop"), judged from held-out evaluations and each batch's KL:
 * <ul>
 *   <li>{@code kl_bound}: the batch's mean sequence KL to the reference passed {@code klBound};
 *   <li>{@code reward_hacking}: the held-out reward-model score rose above its first value while
 *       held-out verifier accuracy fell more than {@code accuracyDrop} below its best, or while the
 *       second held-out reward ({@link HeldoutReward}, the stage's {@link RubricReward}) fell more
 *       than {@code secondRewardDrop} below its best;
 *   <li>{@code length_runaway}: held-out replies grew past {@code lengthFactor} × their first length.
 * </ul>
 * It also remembers the evaluated step with the best held-out score that passed every guard:
 * the checkpoint the stage keeps.
 *
 * @param klBound nats per sequence, > 0
 * @param accuracyDrop allowed fall of verifier accuracy below its best (absolute), ≥ 0
 * @param secondRewardDrop allowed fall of the mean second held-out reward below its best (in that
 *     reward's units), ≥ 0
 * @param lengthFactor allowed growth of the mean held-out reply length, > 1
 */
public record PpoGuards(double klBound, double accuracyDrop, double secondRewardDrop, double lengthFactor) {
    public PpoGuards {
        if (!(klBound > 0)) {
            throw new IllegalArgumentException("kl_bound must be > 0 (nats per sequence), got " + klBound);
        }
        if (!(accuracyDrop >= 0)) throw new IllegalArgumentException("accuracy_drop must be ≥ 0, got " + accuracyDrop);
        if (!(secondRewardDrop >= 0)) {
            throw new IllegalArgumentException("second_reward_drop must be ≥ 0, got " + secondRewardDrop);
        }
        if (!(lengthFactor > 1)) throw new IllegalArgumentException("length_factor must be > 1, got " + lengthFactor);
    }

    /**
     * What the guards know so far; saved in PPO checkpoints so a resumed run judges the same way.
     *
     * @param firstScore the first held-out score (the start, before any update); NaN before it
     * @param firstLength the first held-out mean reply length; NaN before it
     * @param bestAccuracy the best held-out verifier accuracy seen; NaN when there is no verifier
     * @param bestSecond the best mean second held-out reward seen; NaN when there is none
     * @param bestScore the best held-out score of an evaluation that passed; −∞ before one
     * @param bestStep its step (0: the starting model)
     * @param stopReason why the run stopped, null while it goes on
     */
    public record State(
            double firstScore,
            double firstLength,
            double bestAccuracy,
            double bestSecond,
            double bestScore,
            long bestStep,
            String stopReason) {
        public static final State START =
                new State(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NEGATIVE_INFINITY, 0, null);
    }

    /** The state after a batch whose mean sequence KL was {@code kl}. */
    public State afterBatch(State s, long step, double kl) {
        if (s.stopReason() != null || kl <= klBound) return s;
        return new State(
                s.firstScore(),
                s.firstLength(),
                s.bestAccuracy(),
                s.bestSecond(),
                s.bestScore(),
                s.bestStep(),
                "kl_bound: mean KL " + round(kl) + " nats passed the bound " + klBound + " at step " + step);
    }

    /**
     * The state after a held-out evaluation at {@code step}.
     *
     * @param accuracy verifier accuracy on held-out prompts, NaN when none is checkable
     * @param second the mean second held-out reward, NaN when there is none
     */
    public State afterEvaluation(State s, long step, double score, double accuracy, double second, double length) {
        if (s.stopReason() != null) return s;
        if (Double.isNaN(s.firstScore())) {
            return new State(score, length, accuracy, second, score, step, null);
        }
        String reason = null;
        if (!Double.isNaN(accuracy)
                && !Double.isNaN(s.bestAccuracy())
                && score > s.firstScore()
                && accuracy < s.bestAccuracy() - accuracyDrop) {
            reason = "reward_hacking: held-out reward-model score rose " + round(s.firstScore()) + " → " + round(score)
                    + " while verifier accuracy fell " + round(s.bestAccuracy()) + " → " + round(accuracy)
                    + " at step " + step;
        } else if (!Double.isNaN(second)
                && !Double.isNaN(s.bestSecond())
                && score > s.firstScore()
                && second < s.bestSecond() - secondRewardDrop) {
            reason = "reward_hacking: held-out reward-model score rose " + round(s.firstScore()) + " → " + round(score)
                    + " while the second held-out reward fell " + round(s.bestSecond()) + " → " + round(second)
                    + " at step " + step;
        } else if (length > lengthFactor * s.firstLength()) {
            reason = "length_runaway: held-out replies grew " + round(s.firstLength()) + " → " + round(length)
                    + " tokens (more than " + lengthFactor + "×) at step " + step;
        }
        double bestAccuracy = best(s.bestAccuracy(), accuracy);
        double bestSecond = best(s.bestSecond(), second);
        if (reason != null) {
            return new State(
                    s.firstScore(), s.firstLength(), bestAccuracy, bestSecond, s.bestScore(), s.bestStep(), reason);
        }
        boolean better = score > s.bestScore();
        return new State(
                s.firstScore(),
                s.firstLength(),
                bestAccuracy,
                bestSecond,
                better ? score : s.bestScore(),
                better ? step : s.bestStep(),
                null);
    }

    /** The reason to stop, if any. */
    public static Optional<String> stop(State s) {
        return Optional.ofNullable(s.stopReason());
    }

    /** The larger of the two, where NaN means "not measured" rather than poisoning the max. */
    private static double best(double soFar, double now) {
        if (Double.isNaN(now)) return soFar;
        return Double.isNaN(soFar) ? now : Math.max(soFar, now);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
