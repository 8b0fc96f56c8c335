package dev.tempered.activities.curation.dedup;

/**
 * The part of numpy's legacy {@code np.random.RandomState(seed)} that datatrove uses to draw the
 * MinHash permutation parameters: MT19937 seeded with a 32-bit integer, and
 * {@code randint(low, high, dtype=np.uint64)} by masked rejection sampling. Reproducing it means a
 * Tempered signature equals datatrove's for the same shingles and seed, which is what makes the
 * two comparable hash for hash.
 *
 * <p>Only the 64-bit bounded draw with a range above 2^32 is implemented (numpy takes a buffered
 * 32-bit path for smaller ranges, which is not needed here).
 */
final class NumpyRandomState {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int pos;

    NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("numpy RandomState seed must be in 0..2^32-1, got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        pos = N;
    }

    /** Draws {@code count} values uniformly from [low, high), as {@code randint(low, high, dtype=uint64)}. */
    long[] randintUint64(long low, long high, int count) {
        long rng = high - low - 1;
        if (rng <= 0xFFFF_FFFFL || high <= low) {
            throw new IllegalArgumentException(
                    "only ranges wider than 2^32 are implemented: [" + low + ", " + high + ")");
        }
        long mask = -1L >>> Long.numberOfLeadingZeros(rng);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long v;
            do {
                v = nextUint64() & mask;
            } while (Long.compareUnsigned(v, rng) > 0);
            out[i] = low + v;
        }
        return out;
    }

    private long nextUint64() {
        long hi = nextUint32() & 0xFFFF_FFFFL;
        long lo = nextUint32() & 0xFFFF_FFFFL;
        return hi << 32 | lo;
    }

    private int nextUint32() {
        if (pos >= N) {
            regenerate();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y;
    }

    private void regenerate() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % N] & 0x7FFF_FFFF);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            mt[i] = (y & 1) != 0 ? next ^ 0x9908B0DF : next;
        }
        pos = 0;
    }
}
