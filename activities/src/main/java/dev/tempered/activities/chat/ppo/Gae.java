package dev.tempered.activities.chat.ppo;

/**
 * Generalised advantage estimation over response tokens, as TRL's PPO computes it: backwards over
 * each row, {@code δ_t = r_t + γ·V_{t+1} − V_t} (V after the last token is 0),
 * {@code A_t = δ_t + γλ·A_{t+1}}, returns {@code A_t + V_t}; then {@link #whiten} over all valid
 * tokens of the batch. Rows are padded to a common length; positions at or past a row's length are
 * 0 in the results. Plain doubles: nothing here needs gradients.
 */
public final class Gae {
    private Gae() {}

    /** Advantages and returns, (rows, T) each. */
    public record Result(double[][] advantages, double[][] returns) {}

    /**
     * @param rewards per-token rewards (rows, T): the KL penalty, plus the score on the last token
     * @param values the value head's estimates (rows, T)
     * @param lengths response tokens per row
     * @param gamma discount, 1.0 in TRL and InstructGPT
     * @param lambda GAE's λ, 0.95 in TRL
     */
    public static Result compute(double[][] rewards, double[][] values, int[] lengths, double gamma, double lambda) {
        int rows = lengths.length;
        double[][] adv = new double[rows][];
        double[][] ret = new double[rows][];
        for (int r = 0; r < rows; r++) {
            int t = rewards[r].length;
            int n = lengths[r];
            if (n > t || values[r].length != t) {
                throw new IllegalArgumentException(
                        "row " + r + " has length " + n + " but " + t + " rewards and " + values[r].length + " values");
            }
            adv[r] = new double[t];
            ret[r] = new double[t];
            double last = 0;
            for (int i = n - 1; i >= 0; i--) {
                double next = i < n - 1 ? values[r][i + 1] : 0;
                double delta = rewards[r][i] + gamma * next - values[r][i];
                last = delta + gamma * lambda * last;
                adv[r][i] = last;
                ret[r][i] = last + values[r][i];
            }
        }
        return new Result(adv, ret);
    }

    /**
     * TRL's {@code masked_whiten}: {@code (x − mean)/√(var + 1e-8)} over the first {@code lengths[r]}
     * values of every row, with the unbiased variance; padding stays 0. Needs at least 2 values.
     */
    public static double[][] whiten(double[][] x, int[] lengths) {
        double sum = 0;
        long n = 0;
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < lengths[r]; i++) sum += x[r][i];
            n += lengths[r];
        }
        if (n < 2) throw new IllegalArgumentException("whitening needs at least 2 values, got " + n);
        double mean = sum / n;
        double sq = 0;
        for (int r = 0; r < x.length; r++)
            for (int i = 0; i < lengths[r]; i++) sq += (x[r][i] - mean) * (x[r][i] - mean);
        double var = sq / (n - 1);
        double scale = 1 / Math.sqrt(var + 1e-8);
        double[][] out = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = new double[x[r].length];
            for (int i = 0; i < lengths[r]; i++) out[r][i] = (x[r][i] - mean) * scale;
        }
        return out;
    }
}
