package dev.tempered.activities.tokenizer.train;

import java.util.Arrays;

/**
 * A map from non-negative {@code long} keys to {@code int} values, open addressing with linear
 * probing, no boxing. BPE training keys it by a token pair, {@code (left << 32) | right}.
 *
 * <p>Not handled: negative keys (-1 marks an empty slot), removal (training never forgets a pair;
 * a pair whose count fell to zero simply keeps its entry), concurrent use.
 */
final class LongIntMap {
    private static final long EMPTY = -1L;
    /** Grow when more than 5/8 of the slots are taken: probes stay short with linear probing. */
    private static final int LOAD_NUMERATOR = 5;

    private static final int LOAD_DENOMINATOR = 8;

    private long[] keys;
    private int[] values;
    private int mask;
    private int shift;
    private int size;
    private int growAt;

    /** A map that holds {@code expected} entries before its first resize. */
    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(
                                16, (int) Math.min(1 << 29, (long) expected * LOAD_DENOMINATOR / LOAD_NUMERATOR + 1))
                        * 2
                - 1);
        allocate(capacity);
    }

    /** Number of keys in the map. */
    int size() {
        return size;
    }

    /** The value stored for {@code key}, or {@code missing} when there is none. */
    int get(long key, int missing) {
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY) return missing;
            i = (i + 1) & mask;
        }
    }

    /**
     * The value stored for {@code key}; when there is none, stores {@code value} and returns
     * {@code ifAbsent}. One probe sequence for the common "look up or create" step.
     */
    int putIfAbsent(long key, int value, int ifAbsent) {
        if (key < 0) throw new IllegalArgumentException("LongIntMap keys must be non-negative, got " + key);
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size > growAt) grow();
                return ifAbsent;
            }
            i = (i + 1) & mask;
        }
    }

    /** Stores {@code value} for {@code key}, replacing any previous value. */
    void put(long key, int value) {
        if (key < 0) throw new IllegalArgumentException("LongIntMap keys must be non-negative, got " + key);
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size > growAt) grow();
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds {@code delta} to the value of {@code key} (absent counts as 0) and returns the sum. */
    int addTo(long key, int delta) {
        if (key < 0) throw new IllegalArgumentException("LongIntMap keys must be non-negative, got " + key);
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) return values[i] += delta;
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = delta;
                if (++size > growAt) grow();
                return delta;
            }
            i = (i + 1) & mask;
        }
    }

    private int slot(long key) {
        // Fibonacci hashing: pair keys are structured (small ids in both halves), and the
        // multiply spreads them over the high bits that the shift keeps.
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        growAt = (int) ((long) capacity * LOAD_NUMERATOR / LOAD_DENOMINATOR);
    }

    private void grow() {
        if (keys.length >= 1 << 30) throw new IllegalStateException("LongIntMap is full at " + size + " keys");
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(keys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            long key = oldKeys[j];
            if (key == EMPTY) continue;
            int i = slot(key);
            while (keys[i] != EMPTY) i = (i + 1) & mask;
            keys[i] = key;
            values[i] = oldValues[j];
        }
    }
}
