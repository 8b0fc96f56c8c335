package dev.tempered.activities.curation.lang;

/**
 * The bounded min-heap of (score, label) pairs that fastText's search keeps: the root is the
 * worst kept score, so a full heap can prune any branch that scores below it. Reused across
 * documents; holds at most k + 1 entries.
 */
final class TopK {
    private float[] scores = new float[8];
    private int[] ids = new int[8];
    private int size;
    private int k;

    void reset(int k) {
        this.k = k;
        size = 0;
        if (scores.length < k + 1) {
            scores = new float[k + 1];
            ids = new int[k + 1];
        }
    }

    boolean full() {
        return size == k;
    }

    float minScore() {
        return scores[0];
    }

    int size() {
        return size;
    }

    float score(int i) {
        return scores[i];
    }

    int id(int i) {
        return ids[i];
    }

    /** Adds a pair, then drops the worst if the heap holds more than k. */
    void offer(float score, int id) {
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (scores[parent] <= score) break;
            scores[i] = scores[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        scores[i] = score;
        ids[i] = id;
        if (size > k) removeMin();
    }

    private void removeMin() {
        float last = scores[--size];
        int lastId = ids[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && scores[child + 1] < scores[child]) child++;
            if (scores[child] >= last) break;
            scores[i] = scores[child];
            ids[i] = ids[child];
            i = child;
        }
        scores[i] = last;
        ids[i] = lastId;
    }

    /** Sorts in place, best score first (insertion sort: k is small). Returns the size. */
    int sortDescending() {
        for (int i = 1; i < size; i++) {
            float s = scores[i];
            int id = ids[i];
            int j = i - 1;
            while (j >= 0 && scores[j] < s) {
                scores[j + 1] = scores[j];
                ids[j + 1] = ids[j];
                j--;
            }
            scores[j + 1] = s;
            ids[j + 1] = id;
        }
        return size;
    }
}
