package dev.tempered.activities.model;

import java.util.List;
import java.util.Random;

/**
 * Training batches from token shards: every shard is cut into non-overlapping windows of
 * {@code length + 1} tokens (inputs are the first {@code length}, targets the same shifted by
 * one; consecutive windows share their boundary token), and each epoch visits all windows once in
 * an order shuffled from {@code seed} and the epoch number. The {@link Position} (epoch, index of
 * the next window) is all the state there is, so a checkpoint stores it and {@link #seek} resumes
 * the exact sequence of batches.
 *
 * <p>Not here: reading shards from storage (the stage hands in {@code int[]} per shard), document
 * boundaries (a window may span two documents, as in nanoGPT; BOS tokens mark them), a shard's tail
 * shorter than a window (dropped).
 */
public final class TokenWindows {

    /** Where the next batch starts: the epoch and the index of its next window in that epoch's order. */
    public record Position(long epoch, long index) {}

    /** B windows: {@code inputs} and {@code targets} are (B, T) row-major. */
    public record Batch(int batchSize, int length, int[] inputs, int[] targets) {}

    private final List<int[]> shards;
    private final int length;
    private final long seed;
    private final long[] windows; // shard index << 32 | start offset
    private long epoch;
    private long index;
    private int[] order;
    private long orderEpoch = -1;

    public TokenWindows(List<int[]> shards, int length, long seed) {
        if (length < 1) throw new IllegalArgumentException("window length must be ≥ 1, got " + length);
        this.shards = List.copyOf(shards);
        this.length = length;
        this.seed = seed;
        int count = 0;
        for (int[] s : this.shards) count += Math.max(0, (s.length - 1) / length);
        if (count == 0) {
            throw new IllegalArgumentException("no shard holds a window of " + (length + 1) + " tokens");
        }
        windows = new long[count];
        int w = 0;
        for (int i = 0; i < this.shards.size(); i++) {
            int[] s = this.shards.get(i);
            for (int start = 0; start + length + 1 <= s.length; start += length)
                windows[w++] = ((long) i << 32) | start;
        }
    }

    /** Windows per epoch. */
    public int windowsPerEpoch() {
        return windows.length;
    }

    public Position position() {
        return new Position(epoch, index);
    }

    /** Continue from {@code p}, as saved by {@link #position()}. */
    public void seek(Position p) {
        if (p.epoch() < 0 || p.index() < 0 || p.index() >= windows.length) {
            throw new CheckpointFormatException("loader position " + p + " is outside this data (" + windows.length
                    + " windows per epoch); the checkpoint was made on other token shards");
        }
        epoch = p.epoch();
        index = p.index();
    }

    /** The next {@code batchSize} windows, crossing into the next epoch when this one runs out. */
    public Batch next(int batchSize) {
        int[] x = new int[batchSize * length];
        int[] y = new int[batchSize * length];
        for (int b = 0; b < batchSize; b++) {
            long w = windows[order()[(int) index]];
            int[] shard = shards.get((int) (w >>> 32));
            int start = (int) w;
            System.arraycopy(shard, start, x, b * length, length);
            System.arraycopy(shard, start + 1, y, b * length, length);
            if (++index == windows.length) {
                index = 0;
                epoch++;
            }
        }
        return new Batch(batchSize, length, x, y);
    }

    /** This epoch's permutation of window indices: Fisher–Yates driven by java.util.Random, whose sequence is fixed by its spec. */
    private int[] order() {
        if (orderEpoch != epoch) {
            int[] o = new int[windows.length];
            for (int i = 0; i < o.length; i++) o[i] = i;
            Random rng = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = o.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = o[i];
                o[i] = o[j];
                o[j] = t;
            }
            order = o;
            orderEpoch = epoch;
        }
        return order;
    }
}
