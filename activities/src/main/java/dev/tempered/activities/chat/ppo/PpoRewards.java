package dev.tempered.activities.chat.ppo;

/**
 * PPO's per-token rewards as TRL and InstructGPT shape them: every response token gets the KL
 * penalty {@code −β·KL_t} (the leash to the SFT model), and the last response token also gets the
 * reward model's score. Positions at or past a row's length are 0.
 */
public final class PpoRewards {
    private PpoRewards() {}

    /** The rewards (rows, T) and the per-token KL estimates they were built from (rows, T). */
    public record Result(double[][] rewards, double[][] kl) {
        /** Σ_t KL per row averaged over rows: TRL's {@code objective/kl}. */
        public double meanSequenceKl() {
            double s = 0;
            for (double[] row : kl) for (double v : row) s += v;
            return s / kl.length;
        }
    }

    public static Result compute(
            double[][] logprobs,
            double[][] refLogprobs,
            int[] lengths,
            double[] scores,
            double klCoef,
            KlEstimator estimator) {
        int rows = lengths.length;
        double[][] rewards = new double[rows][];
        double[][] kl = new double[rows][];
        for (int r = 0; r < rows; r++) {
            int t = logprobs[r].length;
            if (lengths[r] < 1 || lengths[r] > t) {
                throw new IllegalArgumentException("row " + r + " has " + lengths[r] + " response tokens of " + t);
            }
            rewards[r] = new double[t];
            kl[r] = new double[t];
            for (int i = 0; i < lengths[r]; i++) {
                kl[r][i] = estimator.of(logprobs[r][i], refLogprobs[r][i]);
                rewards[r][i] = -klCoef * kl[r][i];
            }
            rewards[r][lengths[r] - 1] += scores[r];
        }
        return new Result(rewards, kl);
    }
}
