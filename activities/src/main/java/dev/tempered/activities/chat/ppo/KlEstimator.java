package dev.tempered.activities.chat.ppo;

/**
 * Per-token estimators of KL(π ‖ π_ref) from the sampled token's log-probabilities under the policy
 * and the reference, as TRL's PPO trainer computes them ({@code logr = ref − logp}): {@link #K1} is
 * {@code −logr} (unbiased, can be negative per token; TRL's and InstructGPT's default), {@link #K3}
 * is {@code (e^logr − 1) − logr} (unbiased and never negative; Schulman's k3, GRPO's penalty).
 */
public enum KlEstimator {
    K1,
    K3;

    /** The estimate for one sampled token. */
    public double of(double logprob, double refLogprob) {
        double logr = refLogprob - logprob;
        return this == K1 ? -logr : Math.expm1(logr) - logr;
    }

    /** {@code k1} or {@code k3}, as params spell it. */
    public static KlEstimator parse(String name) {
        return switch (name) {
            case "k1" -> K1;
            case "k3" -> K3;
            default -> throw new IllegalArgumentException("kl_estimator must be k1 or k3, got '" + name + "'");
        };
    }
}
