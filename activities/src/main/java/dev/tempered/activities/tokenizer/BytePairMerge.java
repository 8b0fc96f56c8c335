package dev.tempered.activities.tokenizer;

/**
 * tiktoken's {@code _byte_pair_merge}: start from single bytes and repeatedly merge the adjacent
 * pair whose concatenation has the lowest rank (the leftmost such pair on a tie) until no adjacent
 * pair is a token; then each remaining part is one token.
 *
 * <p>Pieces up to {@link #LINEAR_MAX} bytes use tiktoken's own algorithm (a linear scan for the
 * minimum and an array shift per merge, fastest for short pieces). Longer pieces, which tiktoken
 * merges in quadratic time, use a min-heap of (rank, position) and a linked list of parts: the same
 * merges in the same order, in O(n log n). A test compares both on every chunk of a corpus.
 *
 * <p>One instance holds scratch arrays and is not thread-safe; it allocates only when a piece is
 * longer than any before it.
 */
final class BytePairMerge {
    static final int LINEAR_MAX = 256;
    private static final int MAX = RankMap.ABSENT;

    private final RankMap ranks;
    private int[] start = new int[64];
    private int[] rank = new int[64];
    // Heap path: next/prev part starts as a linked list over byte positions, and a heap of
    // (rank << 32 | start) longs.
    private int[] next = new int[0];
    private int[] prev = new int[0];
    private long[] heap = new long[0];

    BytePairMerge(RankMap ranks) {
        this.ranks = ranks;
    }

    /** Appends the tokens of {@code piece[0, n)} (n ≥ 2) to {@code out}. */
    void encode(byte[] piece, int n, IntList out) {
        if (n <= LINEAR_MAX) linear(piece, n, out);
        else heap(piece, n, out);
    }

    void linear(byte[] piece, int n, IntList out) {
        if (start.length < n + 1) {
            start = new int[n + 1];
            rank = new int[n + 1];
        }
        int[] s = start;
        int[] r = rank;
        int minRank = MAX;
        int minAt = -1;
        for (int i = 0; i < n - 1; i++) {
            int rk = ranks.get(piece, i, i + 2);
            if (rk < minRank) {
                minRank = rk;
                minAt = i;
            }
            s[i] = i;
            r[i] = rk;
        }
        s[n - 1] = n - 1;
        r[n - 1] = MAX;
        s[n] = n;
        r[n] = MAX;
        int parts = n + 1;
        while (minRank != MAX) {
            int i = minAt;
            if (i > 0) r[i - 1] = i + 2 < parts ? ranks.get(piece, s[i - 1], s[i + 2]) : MAX;
            r[i] = i + 3 < parts ? ranks.get(piece, s[i], s[i + 3]) : MAX;
            System.arraycopy(s, i + 2, s, i + 1, parts - i - 2);
            System.arraycopy(r, i + 2, r, i + 1, parts - i - 2);
            parts--;
            minRank = MAX;
            for (int j = 0; j < parts - 1; j++) {
                if (r[j] < minRank) {
                    minRank = r[j];
                    minAt = j;
                }
            }
        }
        for (int j = 0; j < parts - 1; j++) out.add(ranks.get(piece, s[j], s[j + 1]));
    }

    void heap(byte[] piece, int n, IntList out) {
        if (next.length < n + 1) {
            next = new int[n + 1];
            prev = new int[n + 1];
            heap = new long[3 * n + 3]; // n-1 initial pairs, at most 2 more per merge
        }
        if (rank.length < n + 1) rank = new int[n + 1];
        int[] r = rank; // r[p]: rank of the pair starting at part p, MAX if none
        int size = 0;
        for (int p = 0; p < n; p++) {
            next[p] = p + 1;
            prev[p] = p - 1;
            r[p] = p + 2 <= n ? ranks.get(piece, p, p + 2) : MAX;
            if (r[p] != MAX) size = push(size, r[p], p);
        }
        next[n] = n;
        while (size > 0) {
            long top = heap[0];
            size = pop(size);
            int rk = (int) (top >>> 32);
            int p = (int) top;
            if (r[p] != rk) continue; // stale: the part merged away or its pair changed
            // Merge part p with its successor q.
            int q = next[p];
            int after = next[q];
            next[p] = after;
            if (after < n) prev[after] = p;
            r[q] = MAX;
            r[p] = after < n ? ranks.get(piece, p, next[after]) : MAX;
            if (r[p] != MAX) size = push(size, r[p], p);
            int b = prev[p];
            if (b >= 0) {
                int nr = ranks.get(piece, b, after);
                if (nr != r[b]) {
                    r[b] = nr;
                    if (nr != MAX) size = push(size, nr, b);
                }
            }
        }
        for (int p = 0; p < n; p = next[p]) out.add(ranks.get(piece, p, next[p]));
    }

    private int push(int size, int rk, int p) {
        long v = ((long) rk << 32) | p;
        int i = size;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= v) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
        return size + 1;
    }

    private int pop(int size) {
        size--;
        long v = heap[size];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && heap[c + 1] < heap[c]) c++;
            if (heap[c] >= v) break;
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
        return size;
    }
}
