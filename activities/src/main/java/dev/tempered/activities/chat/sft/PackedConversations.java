package dev.tempered.activities.chat.sft;

import dev.tempered.activities.chat.RenderedConversation;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import dev.tempered.activities.model.TokenWindows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * SFT batches: rendered conversations packed into windows of {@code length + 1} tokens, nanochat's
 * best-fit packing. Each epoch visits every conversation once in an order shuffled from
 * {@code seed} and the epoch number; a window is filled from a buffer of the next
 * {@value #BUFFER} conversations in that order by repeatedly taking the longest one that still fits,
 * and when none fits the rest of the window is padding. Every conversation therefore starts at its
 * own {@code <|bos|>} inside one window and is never split across two. The epoch's windows are then
 * shuffled too: when the buffer holds the whole data set, best fit alone would give the same
 * windows, longest first, in every epoch.
 *
 * <p>A window's inputs are its first {@code length} tokens, its targets the same shifted by one,
 * and its mask the conversations' loss mask shifted the same way: the target that is the next
 * conversation's {@code <|bos|>} and every padding target are 0. Padding uses {@code padId} (the
 * BOS id): it is never trained, and attention to it is harmless since it comes after the
 * conversations (causal attention).
 *
 * <p>The {@link TokenWindows.Position} (epoch, index of the next window in that epoch's packing) is
 * all the state there is, as for pretraining's loader: a checkpoint stores it and {@link #seek}
 * continues the exact sequence of batches. Not here: rendering and cutting (done before, to at most
 * {@code length + 1} tokens each), conversations with no trained token (the caller drops them, a
 * batch of them would have no loss).
 */
public final class PackedConversations {
    /** Conversations the packer chooses among for each window (nanochat's best-fit buffer). */
    public static final int BUFFER = 64;

    private final List<RenderedConversation> conversations;
    private final int length;
    private final int padId;
    private final long seed;
    private long epoch;
    private long index;
    private int[][] windows; // this epoch's windows, each the indices of its conversations in order
    private long windowsEpoch = -1;

    /**
     * @param length tokens per input row; every conversation holds at most {@code length + 1}
     * @param padId the id written into padding (masked out)
     */
    public PackedConversations(List<RenderedConversation> conversations, int length, int padId, long seed) {
        if (conversations.isEmpty()) throw new IllegalArgumentException("no conversations to pack");
        for (int i = 0; i < conversations.size(); i++) {
            int n = conversations.get(i).ids().length;
            if (n > length + 1 || n < 2) {
                throw new IllegalArgumentException("conversation " + i + " has " + n + " tokens; a window of "
                        + (length + 1) + " holds from 2 to " + (length + 1));
            }
        }
        this.conversations = List.copyOf(conversations);
        this.length = length;
        this.padId = padId;
        this.seed = seed;
    }

    /** Tokens per input row (the model's context). */
    public int length() {
        return length;
    }

    /** Windows in the current epoch's packing. */
    public int windowsInEpoch() {
        return packing().length;
    }

    public TokenWindows.Position position() {
        return new TokenWindows.Position(epoch, index);
    }

    /** Continue from {@code p}, as saved by {@link #position()}. */
    public void seek(TokenWindows.Position p) {
        if (p.epoch() < 0 || p.index() < 0) throw outside(p, -1);
        long saveEpoch = epoch;
        epoch = p.epoch();
        int count = packing().length;
        if (p.index() >= count) {
            epoch = saveEpoch;
            throw outside(p, count);
        }
        index = p.index();
    }

    private CheckpointFormatException outside(TokenWindows.Position p, int count) {
        return new CheckpointFormatException("loader position " + p + " is outside these conversations"
                + (count < 0 ? "" : " (" + count + " windows in epoch " + p.epoch() + ")")
                + "; the checkpoint was made on other conversations or another context length");
    }

    /** The next {@code batchSize} windows, crossing into the next epoch when this one runs out. */
    public MaskedBatch next(int batchSize) {
        int[] x = new int[batchSize * length];
        int[] y = new int[batchSize * length];
        float[] m = new float[batchSize * length];
        int[] row = new int[length + 1];
        byte[] rowMask = new byte[length + 1];
        for (int b = 0; b < batchSize; b++) {
            int[] window = packing()[(int) index];
            fill(window, row, rowMask);
            System.arraycopy(row, 0, x, b * length, length);
            System.arraycopy(row, 1, y, b * length, length);
            for (int t = 0; t < length; t++) m[b * length + t] = rowMask[t + 1];
            if (++index == packing().length) {
                index = 0;
                epoch++;
            }
        }
        return new MaskedBatch(batchSize, length, x, y, m);
    }

    /** Every window of the current epoch as whole batches of {@code batchSize}, the last one short; from a fresh start. */
    public static List<MaskedBatch> allWindows(
            List<RenderedConversation> conversations, int length, int padId, long seed, int batchSize) {
        PackedConversations p = new PackedConversations(conversations, length, padId, seed);
        int count = p.windowsInEpoch();
        List<MaskedBatch> out = new ArrayList<>();
        for (int done = 0; done < count; done += batchSize) out.add(p.next(Math.min(batchSize, count - done)));
        return out;
    }

    /** The conversation indices of window {@code i} of the current epoch, in the order they sit in it. */
    int[] window(int i) {
        return packing()[i].clone();
    }

    private void fill(int[] window, int[] row, byte[] rowMask) {
        Arrays.fill(row, padId);
        Arrays.fill(rowMask, (byte) 0);
        int at = 0;
        for (int c : window) {
            RenderedConversation rc = conversations.get(c);
            System.arraycopy(rc.ids(), 0, row, at, rc.ids().length);
            System.arraycopy(rc.mask(), 0, rowMask, at, rc.mask().length);
            at += rc.ids().length;
        }
    }

    private int[][] packing() {
        if (windowsEpoch != epoch) {
            int[][] packed = pack(order(epoch));
            int[] shuffle = permutation(packed.length, seed * 31 + 17, epoch);
            windows = new int[packed.length][];
            for (int i = 0; i < packed.length; i++) windows[i] = packed[shuffle[i]];
            windowsEpoch = epoch;
        }
        return windows;
    }

    /** Best fit from a sliding buffer over {@code order}: each window takes the longest buffered conversation that fits. */
    private int[][] pack(int[] order) {
        List<int[]> out = new ArrayList<>();
        List<Integer> buffer = new ArrayList<>(BUFFER);
        int next = 0;
        List<Integer> window = new ArrayList<>();
        while (true) {
            while (buffer.size() < BUFFER && next < order.length) buffer.add(order[next++]);
            if (buffer.isEmpty()) break;
            int room = length + 1;
            window.clear();
            while (true) {
                int best = -1;
                int bestLen = 0;
                for (int k = 0; k < buffer.size(); k++) {
                    int n = conversations.get(buffer.get(k)).ids().length;
                    if (n <= room && n > bestLen) {
                        best = k;
                        bestLen = n;
                    }
                }
                if (best < 0) break;
                window.add(buffer.remove(best));
                room -= bestLen;
                if (next < order.length) buffer.add(order[next++]);
            }
            out.add(window.stream().mapToInt(Integer::intValue).toArray());
        }
        return out.toArray(new int[0][]);
    }

    /** This epoch's permutation of conversations: Fisher–Yates driven by java.util.Random, whose sequence is fixed by its spec. */
    private int[] order(long e) {
        return permutation(conversations.size(), seed, e);
    }

    private static int[] permutation(int n, long seed, long e) {
        int[] o = new int[n];
        for (int i = 0; i < o.length; i++) o[i] = i;
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + e);
        for (int i = o.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }
}
