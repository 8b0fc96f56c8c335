package dev.tempered.activities.curation.dedup;

import java.util.Arrays;

/**
 * Computes a document's MinHash signature: for each of {@code numHashes} permutations
 * {@code h -> (a*h + b) mod p} of the 64-bit shingle hashes, the minimum over the document's
 * shingles. {@code p} is the Mersenne prime 2^61 - 1; a and b are drawn exactly as datatrove
 * draws them ({@code RandomState(seed).randint(1, p)} then {@code randint(0, p)}, 64-bit).
 *
 * <p>As in datatrove (numpy uint64 arithmetic), {@code a*h + b} wraps modulo 2^64 before the
 * reduction mod p; keeping that wrap is what makes the signatures identical to datatrove's. The
 * reduction uses {@code 2^61 = 1 (mod p)} instead of a division.
 *
 * <p>Not thread-safe: it reuses its shingle and signature buffers; use one instance per thread.
 * Texts with fewer than n words have no shingles and no signature (datatrove skips them too, so
 * they are never deduplicated).
 */
public final class MinHashSignature {
    /** 2^61 - 1, the modulus of the permutations. */
    static final long MERSENNE_61 = (1L << 61) - 1;

    private final MinHashConfig config;
    private final long[] a;
    private final long[] b;
    private final Shingler shingler;

    public MinHashSignature(MinHashConfig config) {
        this.config = config;
        NumpyRandomState random = new NumpyRandomState(config.seed());
        this.a = random.randintUint64(1, MERSENNE_61, config.numHashes());
        this.b = random.randintUint64(0, MERSENNE_61, config.numHashes());
        this.shingler = new Shingler(config.nGrams());
    }

    public MinHashConfig config() {
        return config;
    }

    /**
     * Writes the signature of {@code text} into {@code out} (length {@code numHashes}, bucket k
     * is {@code out[k*hashesPerBucket .. (k+1)*hashesPerBucket)}) and returns true, or returns
     * false and leaves {@code out} untouched when the text has fewer than n words.
     */
    public boolean compute(String text, long[] out) {
        if (out.length != a.length) {
            throw new IllegalArgumentException(
                    "signature buffer must have " + a.length + " entries, got " + out.length);
        }
        int n = shingler.shingle(text);
        if (n == 0) {
            return false;
        }
        long[] shingles = shingler.shingles();
        for (int j = 0; j < a.length; j++) {
            long aj = a[j];
            long bj = b[j];
            long min = Long.MAX_VALUE;
            for (int s = 0; s < n; s++) {
                long x = aj * shingles[s] + bj;
                long v = (x & MERSENNE_61) + (x >>> 61);
                if (v >= MERSENNE_61) {
                    v -= MERSENNE_61;
                }
                if (v < min) {
                    min = v;
                }
            }
            out[j] = min;
        }
        return true;
    }

    /** Convenience for tests and one-off use: a fresh signature array, or null without shingles. */
    public long[] compute(String text) {
        long[] out = new long[a.length];
        return compute(text, out) ? out : null;
    }

    /** The fraction of equal minhashes: an unbiased estimate of the shingle-set Jaccard similarity. */
    public static double estimateJaccard(long[] x, long[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("signatures differ in length: " + x.length + " vs " + y.length);
        }
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) {
                same++;
            }
        }
        return (double) same / x.length;
    }

    /** Distinct shingle hashes of {@code text}, sorted; for exact Jaccard in tests and tools. */
    long[] distinctShingles(String text) {
        int n = shingler.shingle(text);
        long[] copy = Arrays.copyOf(shingler.shingles(), n);
        Arrays.sort(copy);
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (w == 0 || copy[i] != copy[w - 1]) {
                copy[w++] = copy[i];
            }
        }
        return Arrays.copyOf(copy, w);
    }
}
