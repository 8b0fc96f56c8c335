package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The incremental merge loop against the textbook algorithm: after every merge, recount every
 * pair of every chunk from scratch and check that the incremental counts, the chosen merge and
 * the rewritten chunks agree. Real text, so that overlapping runs, repeated pairs in one chunk
 * and multi-byte characters all occur.
 */
class BpeMergerIncrementalTest {
    private static final int MERGES = 300;

    @Test
    void incrementalCountsAgreeWithAFullRecountAfterEveryMerge() {
        ChunkCounter counter =
                ChunkCounting.count(SampleText.first(60).iterator(), SplitPatterns.compile(SplitPatterns.GPT4), 2);
        List<byte[]> chunkList = new ArrayList<>();
        List<Integer> weightList = new ArrayList<>();
        counter.forEach((chunk, count) -> {
            chunkList.add(chunk.getBytes(StandardCharsets.UTF_8));
            weightList.add((int) count);
        });
        byte[][] chunks = chunkList.toArray(new byte[0][]);
        int[] weights = weightList.stream().mapToInt(Integer::intValue).toArray();
        BpeMerger merger = new BpeMerger(chunks, weights);
        NaiveBpe naive = new NaiveBpe(chunks, weights);

        for (int m = 0; m < MERGES; m++) {
            Map<Long, Long> expectedCounts = naive.countPairs();
            assertEquals(expectedCounts, livePairs(merger), "pair counts before merge " + m);
            Merge expected = naive.step(expectedCounts);
            Merge actual = merger.step();
            assertNotNull(actual, "merge " + m);
            assertEquals(expected, actual, "merge " + m);
        }
        for (int c = 0; c < chunks.length; c++) {
            assertArrayEquals(
                    naive.chunks.get(c), merger.chunkTokens(c), "chunk " + c + " after " + MERGES + " merges");
        }
    }

    private static Map<Long, Long> livePairs(BpeMerger merger) {
        Map<Long, Long> counts = new HashMap<>();
        merger.forEachLivePair((left, right, count) -> counts.put(BpeMerger.key(left, right), (long) count));
        return counts;
    }

    /** Textbook BPE (minbpe's shape): count all pairs, take the best, rewrite every chunk. */
    private static final class NaiveBpe {
        final List<int[]> chunks = new ArrayList<>();
        final int[] weights;
        int nextId = 256;

        NaiveBpe(byte[][] bytes, int[] weights) {
            for (byte[] chunk : bytes) {
                int[] ids = new int[chunk.length];
                for (int i = 0; i < chunk.length; i++) ids[i] = chunk[i] & 0xFF;
                chunks.add(ids);
            }
            this.weights = weights;
        }

        Map<Long, Long> countPairs() {
            Map<Long, Long> counts = new HashMap<>();
            for (int c = 0; c < chunks.size(); c++) {
                int[] ids = chunks.get(c);
                for (int i = 0; i + 1 < ids.length; i++) {
                    counts.merge(BpeMerger.key(ids[i], ids[i + 1]), (long) weights[c], Long::sum);
                }
            }
            return counts;
        }

        /** Highest count; on a tie the smallest (left, right). */
        Merge step(Map<Long, Long> counts) {
            long bestKey = -1;
            long bestCount = 0;
            for (Map.Entry<Long, Long> e : counts.entrySet()) {
                long key = e.getKey();
                long count = e.getValue();
                if (count > bestCount || (count == bestCount && key < bestKey)) {
                    bestKey = key;
                    bestCount = count;
                }
            }
            int left = (int) (bestKey >>> 32);
            int right = (int) bestKey;
            int id = nextId++;
            for (int c = 0; c < chunks.size(); c++) {
                int[] ids = chunks.get(c);
                int[] out = new int[ids.length];
                int n = 0;
                for (int i = 0; i < ids.length; i++) {
                    if (i + 1 < ids.length && ids[i] == left && ids[i + 1] == right) {
                        out[n++] = id;
                        i++;
                    } else {
                        out[n++] = ids[i];
                    }
                }
                chunks.set(c, java.util.Arrays.copyOf(out, n));
            }
            return new Merge(left, right, id, bestCount);
        }
    }
}
