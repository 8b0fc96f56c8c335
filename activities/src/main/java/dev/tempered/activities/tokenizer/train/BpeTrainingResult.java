package dev.tempered.activities.tokenizer.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of BPE training: the merges in the order they were learned, and from them the bytes
 * of every token.
 *
 * <p>Not here: special tokens (their ids, {@code vocabSize - specialTokens} and up, are only
 * reserved; the encoder names them) and any file format (the tokenizer file's owner writes one
 * from {@link #tokenBytesByRank()} and the config).
 *
 * @param config the settings that produced this result
 * @param merges learned merges, ids 256, 257, ...; fewer than {@code config.mergeCount()} only
 *     when the corpus ran out of pairs (see {@link #isComplete()})
 * @param stats sizes and time per phase
 */
public record BpeTrainingResult(BpeTrainerConfig config, List<Merge> merges, BpeTrainingStats stats) {

    public BpeTrainingResult {
        merges = List.copyOf(merges);
    }

    /** True when every merge asked for was learned; false when every chunk became one token first. */
    public boolean isComplete() {
        return merges.size() == config.mergeCount();
    }

    /**
     * The bytes of every token, indexed by id (tiktoken's "rank"): the 256 single bytes, then one
     * entry per merge, the concatenation of its pair's bytes. Fresh arrays on every call.
     */
    public List<byte[]> tokenBytesByRank() {
        List<byte[]> bytes = new ArrayList<>(256 + merges.size());
        for (int b = 0; b < 256; b++) bytes.add(new byte[] {(byte) b});
        for (Merge merge : merges) {
            byte[] left = bytes.get(merge.left());
            byte[] right = bytes.get(merge.right());
            byte[] joined = new byte[left.length + right.length];
            System.arraycopy(left, 0, joined, 0, left.length);
            System.arraycopy(right, 0, joined, left.length, right.length);
            bytes.add(joined);
        }
        return bytes;
    }
}
