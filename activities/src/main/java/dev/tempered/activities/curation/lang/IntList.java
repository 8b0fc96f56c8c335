package dev.tempered.activities.curation.lang;

import java.util.Arrays;

/** A growable {@code int[]} reused across documents so that tokenising allocates nothing per token. */
final class IntList {
    int[] items = new int[256];
    int size;

    void clear() {
        size = 0;
    }

    void add(int v) {
        if (size == items.length) items = Arrays.copyOf(items, size * 2);
        items[size++] = v;
    }

    void addAll(int[] src, int from, int to) {
        int n = to - from;
        if (size + n > items.length) items = Arrays.copyOf(items, Math.max(items.length * 2, size + n));
        System.arraycopy(src, from, items, size, n);
        size += n;
    }
}
