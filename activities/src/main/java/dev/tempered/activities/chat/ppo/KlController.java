package dev.tempered.activities.chat.ppo;

/**
 * The KL coefficient β of PPO's per-token penalty: fixed (TRL's default, 0.05), or adaptive as in
 * Ziegler et al. 2019 (TRL's old {@code AdaptiveKLController}): after each batch,
 * {@code β ← β·(1 + clamp(KL/target − 1, −0.2, 0.2)·n/horizon)}, so β grows while the policy is
 * further from the reference than the target and shrinks while it is closer.
 *
 * @param value the current β
 * @param target the KL aimed at (nats per sequence); ≤ 0 for a fixed β
 * @param horizon how many rollouts the adaptation averages over
 */
public record KlController(double value, double target, double horizon) {
    public KlController {
        if (!(value >= 0)) throw new IllegalArgumentException("kl_coef must be ≥ 0, got " + value);
    }

    public boolean adaptive() {
        return target > 0;
    }

    /** β after a batch of {@code n} rollouts whose mean sequence KL was {@code kl}. */
    public KlController update(double kl, int n) {
        if (!adaptive()) return this;
        double error = Math.max(-0.2, Math.min(0.2, kl / target - 1));
        return new KlController(value * (1 + error * n / horizon), target, horizon);
    }
}
