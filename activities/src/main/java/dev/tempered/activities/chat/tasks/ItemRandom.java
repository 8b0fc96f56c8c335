package dev.tempered.activities.chat.tasks;

import java.util.Random;

/**
 * The random stream of one task item: a {@link Random} seeded from (task, seed, index) through
 * SplitMix64's finaliser, so neighbouring indices and seeds give unrelated streams and an item never
 * depends on the items generated before it. {@link Random}'s algorithm is fixed by its specification,
 * so items are the same on every JVM.
 */
final class ItemRandom {
    private ItemRandom() {}

    static Random of(String task, long seed, long index) {
        long h = mix(task.hashCode() * 0x9E3779B97F4A7C15L + seed);
        return new Random(mix(h ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniformly chosen element of {@code options}. */
    @SafeVarargs
    static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    /** A uniform integer in [lo, hi]. */
    static int between(Random r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }
}
