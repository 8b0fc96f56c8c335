package dev.tempered.activities.curation.dedup;

/**
 * A document reference (shard index, doc index) packed in one long, shard in the high 32 bits.
 * Both parts are non-negative ints, so comparing packed values orders by shard, then doc: the
 * order the keep rule uses.
 */
public final class DocRef {
    private DocRef() {}

    public static long of(int shard, int doc) {
        if (shard < 0 || doc < 0) {
            throw new IllegalArgumentException("shard and doc index must be >= 0, got (" + shard + ", " + doc + ")");
        }
        return (long) shard << 32 | doc;
    }

    public static int shard(long ref) {
        return (int) (ref >>> 32);
    }

    public static int doc(long ref) {
        return (int) ref;
    }

    public static String toString(long ref) {
        return shard(ref) + ":" + doc(ref);
    }
}
