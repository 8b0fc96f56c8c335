package dev.tempered.activities.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Token bytes to rank, looked up by a range of a byte array without allocating: the BPE hot loop
 * asks for the rank of {@code piece[from, to)} many times per chunk.
 *
 * <p>Open addressing with linear probing over a power-of-two table at most half full. Every token's
 * bytes live in one pooled array, in rank order; a slot holds {@code rank + 1} (0 is empty) and
 * the slot's hash, so most misses and collisions are rejected without touching the pool.
 *
 * <p>Not handled: ranks must be {@code 0 .. n-1} without gaps (the list index is the rank), and the
 * map is immutable once built.
 */
final class RankMap {
    static final int ABSENT = Integer.MAX_VALUE;

    private final byte[] pool;
    private final int[] offsets; // offsets[rank] .. offsets[rank + 1] in pool
    private final int[] slotRank; // rank + 1, 0 when empty
    private final int[] slotHash;
    private final int mask;
    private final int[] singleByte = new int[256];

    RankMap(List<byte[]> tokensByRank) {
        int n = tokensByRank.size();
        offsets = new int[n + 1];
        long total = 0;
        for (byte[] token : tokensByRank) total += token.length;
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("vocabulary bytes exceed 2 GiB");
        pool = new byte[(int) total];
        int capacity = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
        slotRank = new int[capacity];
        slotHash = new int[capacity];
        mask = capacity - 1;
        Arrays.fill(singleByte, ABSENT);
        int at = 0;
        for (int rank = 0; rank < n; rank++) {
            byte[] token = tokensByRank.get(rank);
            if (token.length == 0) throw new IllegalArgumentException("rank " + rank + " is an empty token");
            System.arraycopy(token, 0, pool, at, token.length);
            offsets[rank] = at;
            at += token.length;
            offsets[rank + 1] = at;
            if (get(pool, offsets[rank], at) != ABSENT) {
                throw new IllegalArgumentException(
                        "rank " + rank + " repeats the bytes of rank " + get(pool, offsets[rank], at));
            }
            int h = hash(pool, offsets[rank], at);
            int slot = h & mask;
            while (slotRank[slot] != 0) slot = (slot + 1) & mask;
            slotRank[slot] = rank + 1;
            slotHash[slot] = h;
            if (token.length == 1) singleByte[token[0] & 0xff] = rank;
        }
    }

    int size() {
        return offsets.length - 1;
    }

    /** The rank of {@code bytes[from, to)}, or {@link #ABSENT}. */
    int get(byte[] bytes, int from, int to) {
        int len = to - from;
        if (len == 1) return singleByte[bytes[from] & 0xff];
        int h = hash(bytes, from, to);
        int slot = h & mask;
        for (int r; (r = slotRank[slot]) != 0; slot = (slot + 1) & mask) {
            if (slotHash[slot] != h) continue;
            int off = offsets[r - 1];
            if (offsets[r] - off == len && Arrays.equals(pool, off, off + len, bytes, from, to)) return r - 1;
        }
        return ABSENT;
    }

    /** The rank of a single byte, or {@link #ABSENT}. */
    int ofByte(int b) {
        return singleByte[b & 0xff];
    }

    byte[] bytes(int rank) {
        return Arrays.copyOfRange(pool, offsets[rank], offsets[rank + 1]);
    }

    /** Appends the bytes of {@code rank} to {@code out} at {@code at}; returns the new end. */
    int copyBytes(int rank, byte[] out, int at) {
        int off = offsets[rank];
        int len = offsets[rank + 1] - off;
        System.arraycopy(pool, off, out, at, len);
        return at + len;
    }

    int length(int rank) {
        return offsets[rank + 1] - offsets[rank];
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5 ^ (to - from);
        for (int i = from; i < to; i++) h = (h ^ (b[i] & 0xff)) * 0x01000193;
        return h ^ (h >>> 15);
    }
}
