package dev.tempered.activities.tokenizer.train;

/**
 * Counts distinct chunks of text: a hash map from chunk to count that looks chunks up by their
 * place in a document ({@code text, start, end}), so that a chunk seen before costs no allocation.
 * A {@code String} is made only the first time a chunk is seen. Used by one thread at a time; each
 * counting thread owns one, and {@link #addAll} merges them at the end.
 *
 * <p>Not handled: removal, concurrent use. Counts are {@code long}; the trainer checks that they
 * fit its {@code int} pair counts.
 */
final class ChunkCounter {
    private String[] keys;
    private int[] hashes;
    private long[] counts;
    private int mask;
    private int size;
    private long total;

    ChunkCounter() {
        allocate(1 << 12);
    }

    /** Distinct chunks seen. */
    int size() {
        return size;
    }

    /** Chunks seen, with repeats. */
    long total() {
        return total;
    }

    /** Counts one occurrence of {@code text[start, end)}. */
    void add(String text, int start, int end) {
        int h = 0;
        for (int j = start; j < end; j++) h = 31 * h + text.charAt(j);
        h = mix(h);
        int length = end - start;
        int i = h & mask;
        while (true) {
            String k = keys[i];
            if (k == null) {
                insert(i, text.substring(start, end), h, 1);
                break;
            }
            if (hashes[i] == h && k.length() == length && k.regionMatches(0, text, start, length)) {
                counts[i]++;
                break;
            }
            i = (i + 1) & mask;
        }
        total++;
    }

    /** Adds every chunk count of {@code other} to this counter. */
    void addAll(ChunkCounter other) {
        for (int j = 0; j < other.keys.length; j++) {
            String key = other.keys[j];
            if (key != null) merge(key, other.hashes[j], other.counts[j]);
        }
        total += other.total;
    }

    /** Calls {@code visitor} once per distinct chunk, in table order (not a meaningful order). */
    void forEach(Visitor visitor) {
        for (int j = 0; j < keys.length; j++) {
            if (keys[j] != null) visitor.visit(keys[j], counts[j]);
        }
    }

    /** Receives one distinct chunk and its count. */
    interface Visitor {
        void visit(String chunk, long count);
    }

    private void merge(String key, int h, long count) {
        int i = h & mask;
        while (true) {
            String k = keys[i];
            if (k == null) {
                insert(i, key, h, count);
                return;
            }
            if (hashes[i] == h && k.equals(key)) {
                counts[i] += count;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void insert(int i, String key, int h, long count) {
        keys[i] = key;
        hashes[i] = h;
        counts[i] = count;
        // Grow at 1/2 full: chunk keys are compared by content, so short probe chains matter more
        // than the table's size.
        if (++size > keys.length / 2) grow();
    }

    private static int mix(int h) {
        // String-style polynomial hashes of short chunks cluster; one multiply-xorshift spreads
        // them over the low bits that the mask keeps.
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void allocate(int capacity) {
        keys = new String[capacity];
        hashes = new int[capacity];
        counts = new long[capacity];
        mask = capacity - 1;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldCounts = counts;
        allocate(keys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) continue;
            int i = oldHashes[j] & mask;
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = oldKeys[j];
            hashes[i] = oldHashes[j];
            counts[i] = oldCounts[j];
        }
    }
}
