package dev.tempered.activities.curation.lang;

/**
 * fastText's hierarchical-softmax output layer for prediction: a Huffman tree over the labels,
 * built from label counts exactly like {@code HierarchicalSoftmaxLoss::buildTree}, and the
 * depth-first top-k search of {@code HierarchicalSoftmaxLoss::dfs}.
 *
 * <p>Scores are fastText's, not textbook probabilities: every branch adds
 * {@code log(p + 1e-5)}, so a returned "probability" is the product of {@code (p + 1e-5)} along
 * the path. Arithmetic follows fastText's float/double mix so results agree to float rounding.
 * Equal scores may come back in a different order than fastText's heap gives them.
 */
final class HierarchicalSoftmax {
    private final int osz; // number of labels = leaves; internal nodes are osz .. 2*osz-2
    private final int[] left;
    private final int[] right;
    private final FastTextMatrix output; // (osz - 1 or more, dim): row (node - osz) for each internal node

    HierarchicalSoftmax(long[] counts, FastTextMatrix output) {
        this.osz = counts.length;
        this.output = output;
        int n = 2 * osz - 1;
        left = new int[n];
        right = new int[n];
        long[] count = new long[n];
        java.util.Arrays.fill(left, -1);
        java.util.Arrays.fill(right, -1);
        java.util.Arrays.fill(count, 1_000_000_000_000_000L);
        System.arraycopy(counts, 0, count, 0, osz);
        // Labels arrive sorted by count, descending; merging from the tail of the leaves and the
        // head of the new nodes gives the Huffman tree in linear time.
        int leaf = osz - 1;
        int node = osz;
        for (int i = osz; i < n; i++) {
            int[] mini = new int[2];
            for (int j = 0; j < 2; j++) {
                if (leaf >= 0 && count[leaf] < count[node]) mini[j] = leaf--;
                else mini[j] = node++;
            }
            left[i] = mini[0];
            right[i] = mini[1];
            count[i] = count[mini[0]] + count[mini[1]];
        }
        if (output.rows < osz - 1) {
            throw new IllegalArgumentException("hierarchical softmax over " + osz + " labels needs " + (osz - 1)
                    + " output rows, the model has " + output.rows);
        }
    }

    /**
     * Fills {@code heap} with the best {@code k} labels whose score is at least
     * {@code log(threshold + 1e-5)}, best first; returns how many.
     */
    int predict(float[] hidden, int k, float threshold, TopK heap) {
        heap.reset(k);
        dfs(stdLog(threshold), 2 * osz - 2, 0f, hidden, heap);
        return heap.sortDescending();
    }

    private void dfs(float minScore, int node, float score, float[] hidden, TopK heap) {
        if (score < minScore) return;
        if (heap.full() && score < heap.minScore()) return;
        if (left[node] == -1 && right[node] == -1) {
            heap.offer(score, node);
            return;
        }
        float f = output.dotRow(hidden, node - osz);
        f = (float) (1.0 / (1f + (float) Math.exp(-f)));
        dfs(minScore, left[node], score + stdLog((float) (1.0 - f)), hidden, heap);
        dfs(minScore, right[node], score + stdLog(f), hidden, heap);
    }

    /** fastText's {@code std_log}: the float argument is widened, 1e-5 added in double. */
    static float stdLog(float x) {
        return (float) Math.log(x + 1e-5);
    }
}
