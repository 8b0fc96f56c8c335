package dev.tempered.activities.chat.rlvr;

/**
 * GRPO's advantages: every prompt gets G samples, and each sample's advantage is its reward minus
 * its group's mean, optionally divided by the group's standard deviation plus 1e-4 (TRL's
 * {@code scale_rewards}; {@code torch.std}, the unbiased one). Default here: not divided, as
 * nanochat's {@code chat_rl.py} and Dr. GRPO do (dividing up-weights groups that are almost all
 * right or all wrong); a deviation from TRL's default, named in the stage's params.
 *
 * <p>A group whose rewards are all equal has advantage 0 for every sample, so it contributes no
 * gradient: a model that already solves a prompt every time is not changed by it.
 */
public final class GroupAdvantages {
    private GroupAdvantages() {}

    /** TRL's epsilon added to the group std before dividing. */
    public static final double STD_EPSILON = 1e-4;

    /**
     * @param rewards G consecutive rewards per prompt, prompts one after another
     * @param groupSize G, ≥ 2 (a group of one has no baseline)
     * @param scaleByStd divide by the group's std + 1e-4 (TRL) or not (nanochat)
     */
    public static double[] compute(double[] rewards, int groupSize, boolean scaleByStd) {
        if (groupSize < 2) {
            throw new IllegalArgumentException(
                    "group size G must be ≥ 2 (the group mean is the baseline), got " + groupSize);
        }
        if (rewards.length % groupSize != 0) {
            throw new IllegalArgumentException(rewards.length + " rewards do not split into groups of " + groupSize);
        }
        double[] out = new double[rewards.length];
        for (int start = 0; start < rewards.length; start += groupSize) {
            double mean = 0;
            for (int i = 0; i < groupSize; i++) mean += rewards[start + i];
            mean /= groupSize;
            double sq = 0;
            for (int i = 0; i < groupSize; i++) sq += (rewards[start + i] - mean) * (rewards[start + i] - mean);
            double std = Math.sqrt(sq / (groupSize - 1));
            for (int i = 0; i < groupSize; i++) {
                double a = rewards[start + i] - mean;
                out[start + i] = scaleByStd ? a / (std + STD_EPSILON) : a;
            }
        }
        return out;
    }

    /** Share of groups whose rewards are all equal (TRL's {@code frac_reward_zero_std}). */
    public static double zeroStdFraction(double[] rewards, int groupSize) {
        int groups = rewards.length / groupSize;
        int zero = 0;
        for (int start = 0; start < rewards.length; start += groupSize) {
            boolean same = true;
            for (int i = 1; i < groupSize; i++) same &= rewards[start + i] == rewards[start];
            if (same) zero++;
        }
        return groups == 0 ? 0 : (double) zero / groups;
    }
}
