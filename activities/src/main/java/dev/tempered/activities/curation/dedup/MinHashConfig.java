package dev.tempered.activities.curation.dedup;

/**
 * Settings of MinHash deduplication. The defaults are FineWeb's (datatrove's {@code MinhashConfig}
 * defaults): word 5-grams, 14 buckets of 8 hashes, seed 1.
 *
 * <p>With b buckets of r hashes, two documents with Jaccard similarity s share at least one
 * bucket with probability {@code 1 - (1 - s^r)^b}: 0.92 at s = 0.8, 0.50 at s = 0.72, 0.08 at
 * s = 0.5 for the defaults. The shingle hash is xxHash64 (seed 0) of the UTF-8 bytes of the
 * n-gram, which is datatrove's default {@code HashConfig(precision=64, hash_fc="xxhash")}; it is
 * fixed by the band file format version, not configurable.
 *
 * @param nGrams words per shingle; 5 in FineWeb. Smaller catches more fuzzy matches but makes each
 *     shingle common across unrelated pages.
 * @param numBuckets LSH bands; 14 in FineWeb. More bands raise recall and false candidates.
 * @param hashesPerBucket minhashes per band (the band key); 8 in FineWeb. More hashes raise the
 *     similarity a pair needs to collide in a band.
 * @param seed seed of the permutation parameters (numpy {@code RandomState}, as datatrove draws
 *     them); every shard of one run must use the same seed, or no bucket will ever match.
 */
public record MinHashConfig(int nGrams, int numBuckets, int hashesPerBucket, long seed) {

    public MinHashConfig {
        if (nGrams < 1 || nGrams > 64) {
            throw new IllegalArgumentException("nGrams must be in 1..64, got " + nGrams);
        }
        if (numBuckets < 1 || numBuckets > 1024) {
            throw new IllegalArgumentException("numBuckets must be in 1..1024, got " + numBuckets);
        }
        if (hashesPerBucket < 1 || hashesPerBucket > 64) {
            throw new IllegalArgumentException("hashesPerBucket must be in 1..64, got " + hashesPerBucket);
        }
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            // numpy's legacy RandomState only accepts 32-bit unsigned seeds.
            throw new IllegalArgumentException("seed must be in 0..2^32-1, got " + seed);
        }
    }

    /** FineWeb's settings: 5-grams, 14 x 8, seed 1. */
    public static MinHashConfig defaults() {
        return new MinHashConfig(5, 14, 8, 1);
    }

    /** Length of a signature: one minhash per permutation. */
    public int numHashes() {
        return numBuckets * hashesPerBucket;
    }
}
