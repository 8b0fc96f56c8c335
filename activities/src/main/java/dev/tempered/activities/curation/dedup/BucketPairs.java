package dev.tempered.activities.curation.dedup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Step 2 of MinHash dedup, once per bucket over all shards: loads the bucket's records, sorts
 * them by (band key, doc ref) and reports every document whose band key equals that of an
 * earlier one as a duplicate pair (first of the run, this one). Pairs within a run are a star
 * around the smallest ref, which is all union-find needs.
 *
 * <p>Memory: the records of one bucket (8 * hashesPerBucket + 16 bytes each, 80 for FineWeb's
 * settings), never more than one bucket at a time. Past a few hundred million documents the next
 * step is datatrove's: sort each shard's band file at write time and k-way merge here, which
 * needs one record per shard; not done yet.
 */
public final class BucketPairs {
    /** Receives duplicate pairs as packed {@link DocRef}s, the first always the smaller. */
    @FunctionalInterface
    public interface PairSink {
        void pair(long first, long second);
    }

    private BucketPairs() {}

    /**
     * Emits the duplicate pairs of one bucket. All {@code files} must be band files of the same
     * bucket written with {@code config}, at most one per shard.
     *
     * @return the number of records read
     */
    public static long find(int bucket, List<Path> files, MinHashConfig config, PairSink sink) throws IOException {
        int r = config.hashesPerBucket();
        long total = 0;
        for (Path f : files) {
            try (BandFile.Reader reader = new BandFile.Reader(f, config)) {
                checkBucket(reader, f, bucket);
                total += reader.recordCount();
            }
        }
        if (total * r > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(
                    "bucket " + bucket + " has " + total + " records, more than one array holds; "
                            + "use fewer, larger dedup runs or implement the k-way merge described in BucketPairs");
        }
        int n = (int) total;
        long[] keys = new long[n * r];
        long[] refs = new long[n];
        long[] key = new long[r];
        int i = 0;
        for (Path f : files) {
            try (BandFile.Reader reader = new BandFile.Reader(f, config)) {
                checkBucket(reader, f, bucket);
                int doc;
                while ((doc = reader.next(key)) >= 0) {
                    System.arraycopy(key, 0, keys, i * r, r);
                    refs[i++] = DocRef.of(reader.shard(), doc);
                }
            }
        }
        int[] order = new int[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        sort(order, new int[n], 0, n, keys, refs, r);
        int runStart = 0;
        for (int j = 1; j < n; j++) {
            if (compareKeys(keys, order[runStart], order[j], r) == 0) {
                long a = refs[order[runStart]];
                long b = refs[order[j]];
                if (a == b) {
                    throw new IOException("bucket " + bucket + ": document " + DocRef.toString(a)
                            + " appears twice; two band files claim the same shard index");
                }
                sink.pair(a, b);
            } else {
                runStart = j;
            }
        }
        return total;
    }

    private static void checkBucket(BandFile.Reader reader, Path f, int bucket) throws BandFileException {
        if (reader.bucket() != bucket) {
            throw new BandFileException(
                    f, 32, "holds bucket " + reader.bucket() + " but was given as bucket " + bucket);
        }
    }

    private static int compareKeys(long[] keys, int x, int y, int r) {
        int bx = x * r;
        int by = y * r;
        for (int k = 0; k < r; k++) {
            int c = Long.compare(keys[bx + k], keys[by + k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compare(int x, int y, long[] keys, long[] refs, int r) {
        int c = compareKeys(keys, x, y, r);
        return c != 0 ? c : Long.compare(refs[x], refs[y]);
    }

    /** Merge sort of record indices; primitive, so no boxing of millions of records. */
    private static void sort(int[] a, int[] tmp, int from, int to, long[] keys, long[] refs, int r) {
        if (to - from < 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], v, keys, refs, r) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(a, tmp, from, mid, keys, refs, r);
        sort(a, tmp, mid, to, keys, refs, r);
        if (compare(a[mid - 1], a[mid], keys, refs, r) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compare(tmp[i], tmp[j], keys, refs, r) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }
}
