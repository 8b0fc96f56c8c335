package dev.tempered.activities.tokenizer.train;

import java.util.Arrays;

/**
 * Priority queue of token pairs for the merge loop, on primitive arrays. An entry is a pair key
 * ({@code (left << 32) | right}) with the count it had when pushed. The top is the entry with the
 * highest count; among equal counts, the smallest key, i.e. the smallest left id and then the
 * smallest right id. That is rustbpe's order ({@code MergeJob::cmp}: count, then the pair
 * ascending), so both pick the same merge whenever counts tie.
 *
 * <p>Counts in entries may be stale: the merge loop re-checks the top against the true count and
 * re-pushes it (lazy invalidation). Not handled: decrease-key or removal of an inner entry.
 */
final class PairHeap {
    private int[] counts;
    private long[] keys;
    private int size;

    PairHeap(int capacity) {
        counts = new int[Math.max(16, capacity)];
        keys = new long[counts.length];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Count of the top entry, as pushed. */
    int topCount() {
        return counts[0];
    }

    /** Key of the top entry. */
    long topKey() {
        return keys[0];
    }

    void push(int count, long key) {
        if (size == counts.length) {
            counts = Arrays.copyOf(counts, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(count, key, counts[parent], keys[parent])) break;
            counts[i] = counts[parent];
            keys[i] = keys[parent];
            i = parent;
        }
        counts[i] = count;
        keys[i] = key;
    }

    /** Removes the top entry. */
    void pop() {
        size--;
        if (size > 0) siftDown(counts[size], keys[size]);
    }

    /** Replaces the top entry's count (a refresh after lazy invalidation) and restores order. */
    void replaceTopCount(int count) {
        siftDown(count, keys[0]);
    }

    private void siftDown(int count, long key) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(counts[right], keys[right], counts[child], keys[child])) child = right;
            if (!before(counts[child], keys[child], count, key)) break;
            counts[i] = counts[child];
            keys[i] = keys[child];
            i = child;
        }
        counts[i] = count;
        keys[i] = key;
    }

    /** True when entry (countA, keyA) comes out before (countB, keyB). */
    private static boolean before(int countA, long keyA, int countB, long keyB) {
        return countA > countB || (countA == countB && keyA < keyB);
    }
}
