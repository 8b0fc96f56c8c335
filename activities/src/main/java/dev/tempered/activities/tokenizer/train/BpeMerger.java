package dev.tempered.activities.tokenizer.train;

import java.util.Arrays;

/**
 * The merge loop of BPE training, incremental: counts every adjacent pair once, then after each
 * merge updates only the chunks that contain the merged pair and only the pair counts around
 * each occurrence. Never recounts.
 *
 * <p>State:
 * <ul>
 *   <li>chunks: each distinct pre-split chunk as token ids, all in one flat {@code int[]} (a chunk
 *       only shrinks, so it is rewritten in place), with its count (weight);
 *   <li>pairs: {@link LongIntMap} from pair key {@code (left << 32) | right} to a dense pair slot;
 *       per slot the pair's total count (sum of weights over occurrences) and the list of chunks
 *       that may contain it (a superset: an entry goes stale when a merge removes the pair from
 *       the chunk; lists are appended to only when a pair is created, so a chunk is listed once);
 *   <li>a {@link PairHeap} with lazy invalidation: counts only fall after a pair is pushed (a pair
 *       appears in new places only in the merge that creates its newer token), so a stale top is
 *       re-pushed with its true count and the first top that is fresh is the true maximum.
 * </ul>
 *
 * <p>Choice of merge: the pair with the highest count; ties go to the smallest (left, right) ids
 * (see {@link PairHeap}), rustbpe's rule. Occurrences are merged left to right without overlap
 * ({@code a a a} with pair {@code (a, a)} becomes {@code aa a}), as every byte-level BPE does.
 *
 * <p>Not handled: counts above {@link Integer#MAX_VALUE} (the trainer refuses corpora whose
 * pairs could reach it), more than one thread (each merge depends on the last), removal of dead
 * pairs from the map (a pair whose count fell to zero keeps its slot; its chunk list is freed).
 */
final class BpeMerger {
    private static final int[] NO_CHUNKS = new int[0];

    private final int[] tokens;
    private final int[] chunkStart;
    private final int[] chunkLength;
    private final int[] chunkWeight;

    private final LongIntMap slotOf;
    private long[] pairKey;
    private int[] pairCount;
    private int[][] pairChunks;
    private int[] pairChunkCount;
    private int slots;

    private final PairHeap heap;
    private int nextId = 256;

    /**
     * @param chunks each distinct chunk as its bytes; each byte becomes its own token id 0..255
     * @param weights how often each chunk occurs, all positive
     */
    BpeMerger(byte[][] chunks, int[] weights) {
        int n = chunks.length;
        chunkStart = new int[n];
        chunkLength = new int[n];
        chunkWeight = Arrays.copyOf(weights, n);
        long total = 0;
        for (byte[] chunk : chunks) total += chunk.length;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("distinct chunks hold " + total + " bytes, more than one int[] "
                    + "can index; train on a sample of the corpus");
        }
        tokens = new int[(int) total];
        int at = 0;
        for (int c = 0; c < n; c++) {
            chunkStart[c] = at;
            chunkLength[c] = chunks[c].length;
            for (byte b : chunks[c]) tokens[at++] = b & 0xFF;
        }
        // About one distinct pair per 4 bytes of distinct chunks early on; the map grows as needed.
        int expectedPairs = (int) Math.min(1 << 24, Math.max(1024, total / 4));
        slotOf = new LongIntMap(expectedPairs);
        pairKey = new long[expectedPairs];
        pairCount = new int[expectedPairs];
        pairChunks = new int[expectedPairs][];
        pairChunkCount = new int[expectedPairs];
        countInitialPairs();
        heap = new PairHeap(slots);
        for (int s = 0; s < slots; s++) {
            if (pairCount[s] > 0) heap.push(pairCount[s], pairKey[s]);
        }
    }

    /** Distinct pairs ever counted, live or dead: the size of the pair table. */
    int pairSlots() {
        return slots;
    }

    /**
     * Learns one merge: the best pair becomes token {@code 256 + merges so far}.
     *
     * @return the merge, or null when no pair occurs any more (every chunk is one token)
     */
    Merge step() {
        while (!heap.isEmpty()) {
            long key = heap.topKey();
            int slot = slotOf.get(key, -1);
            int count = pairCount[slot];
            if (heap.topCount() != count) {
                if (count > 0) {
                    heap.replaceTopCount(count);
                } else {
                    heap.pop();
                    releaseChunks(slot);
                }
                continue;
            }
            heap.pop();
            int left = (int) (key >>> 32);
            int right = (int) key;
            int id = nextId++;
            int firstNewSlot = slots;
            int[] candidates = pairChunks[slot];
            int candidateCount = pairChunkCount[slot];
            releaseChunks(slot);
            for (int i = 0; i < candidateCount; i++) mergeInChunk(candidates[i], left, right, id, slot);
            // Every pair created by this merge contains the new id, so it is new: push it once,
            // with its final count. A pair created and destroyed in the same chunk (x id id x
            // patterns) may end at zero and is dropped.
            for (int s = firstNewSlot; s < slots; s++) {
                if (pairCount[s] > 0) {
                    heap.push(pairCount[s], pairKey[s]);
                } else {
                    releaseChunks(s);
                }
            }
            return new Merge(left, right, id, count);
        }
        return null;
    }

    /** Current count of pair (left, right); 0 when it does not occur. For tests. */
    int pairCount(int left, int right) {
        int slot = slotOf.get(key(left, right), -1);
        return slot < 0 ? 0 : pairCount[slot];
    }

    /** Number of distinct chunks. */
    int chunkCount() {
        return chunkWeight.length;
    }

    /** Current token ids of chunk {@code c}. For tests. */
    int[] chunkTokens(int c) {
        return Arrays.copyOfRange(tokens, chunkStart[c], chunkStart[c] + chunkLength[c]);
    }

    /** Calls {@code visitor} for every pair whose current count is positive. For tests. */
    void forEachLivePair(PairVisitor visitor) {
        for (int s = 0; s < slots; s++) {
            if (pairCount[s] > 0) visitor.visit((int) (pairKey[s] >>> 32), (int) pairKey[s], pairCount[s]);
        }
    }

    /** Receives one pair and its count. */
    interface PairVisitor {
        void visit(int left, int right, int count);
    }

    private void countInitialPairs() {
        for (int c = 0; c < chunkWeight.length; c++) {
            int start = chunkStart[c];
            int end = start + chunkLength[c];
            for (int i = start; i + 1 < end; i++) addToPair(key(tokens[i], tokens[i + 1]), chunkWeight[c], c);
        }
    }

    /**
     * Replaces every non-overlapping occurrence of (left, right) in chunk c by {@code id}, left to
     * right, and moves the weight of the pairs around each occurrence: (x, left) to (x, id) and
     * (right, y) to (id, y), where x is the token now before the occurrence (possibly the id just
     * written) and y the token after it as it was.
     */
    private void mergeInChunk(int c, int left, int right, int id, int mergedSlot) {
        int start = chunkStart[c];
        int end = start + chunkLength[c];
        int weight = chunkWeight[c];
        int read = start;
        int write = start;
        while (read < end) {
            if (read + 1 < end && tokens[read] == left && tokens[read + 1] == right) {
                if (write > start) {
                    int x = tokens[write - 1];
                    addToPair(key(x, left), -weight, c);
                    addToPair(key(x, id), weight, c);
                }
                pairCount[mergedSlot] -= weight;
                if (read + 2 < end) {
                    int y = tokens[read + 2];
                    addToPair(key(right, y), -weight, c);
                    addToPair(key(id, y), weight, c);
                }
                tokens[write++] = id;
                read += 2;
            } else {
                tokens[write++] = tokens[read++];
            }
        }
        chunkLength[c] = write - start;
    }

    /**
     * Adds {@code delta} to a pair's count; a positive delta also lists chunk c under the pair.
     * The same chunk's additions to one pair are consecutive (one chunk is rewritten at a time), so
     * comparing with the last listed chunk is enough to list it once.
     */
    private void addToPair(long key, int delta, int c) {
        int slot = slotOf.putIfAbsent(key, slots, -1);
        if (slot < 0) slot = newSlot(key);
        pairCount[slot] += delta;
        if (delta > 0) {
            int[] list = pairChunks[slot];
            int size = pairChunkCount[slot];
            if (size > 0 && list[size - 1] == c) return;
            if (size == list.length) list = pairChunks[slot] = Arrays.copyOf(list, Math.max(4, size * 2));
            list[size] = c;
            pairChunkCount[slot] = size + 1;
        }
    }

    private int newSlot(long key) {
        int slot = slots++;
        if (slot == pairKey.length) {
            int capacity = pairKey.length + (pairKey.length >> 1) + 16;
            pairKey = Arrays.copyOf(pairKey, capacity);
            pairCount = Arrays.copyOf(pairCount, capacity);
            pairChunks = Arrays.copyOf(pairChunks, capacity);
            pairChunkCount = Arrays.copyOf(pairChunkCount, capacity);
        }
        pairKey[slot] = key;
        pairChunks[slot] = NO_CHUNKS;
        return slot;
    }

    private void releaseChunks(int slot) {
        pairChunks[slot] = NO_CHUNKS;
        pairChunkCount[slot] = 0;
    }

    static long key(int left, int right) {
        return ((long) left << 32) | right;
    }
}
