package dev.tempered.activities.chat.rlvr;

/** Per-row sampling seeds for RL rollouts, so a resumed run samples exactly what the original would have. */
public final class Seeds {
    private Seeds() {}

    /** A seed from (seed, step, prompt, sample), well mixed (SplitMix64's finaliser). */
    public static long mix(long seed, long step, long prompt, long sample) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + prompt * 0x94D049BB133111EBL + sample;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
