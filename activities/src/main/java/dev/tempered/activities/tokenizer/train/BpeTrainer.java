package dev.tempered.activities.tokenizer.train;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Byte-level BPE training, GPT-4 style: documents are pre-split by a regex into chunks, each chunk
 * is UTF-8 bytes, and merges are learned from chunk-internal byte pairs only.
 *
 * <ol>
 *   <li>Split and count ({@link ChunkCounting}): every document is regex-split, distinct chunks are
 *       counted in per-thread maps, then summed.
 *   <li>Pair index ({@link BpeMerger}): each distinct chunk becomes an array of byte ids with its
 *       count; pair counts, the pair-to-chunks index and the max-heap are built once.
 *   <li>Merge loop ({@link BpeMerger#step}): the most frequent pair (ties: smallest left id, then
 *       smallest right id, as rustbpe) becomes the next id; only chunks containing it are
 *       rewritten and only the counts of the pairs around each occurrence change.
 * </ol>
 *
 * <p>For the same corpus, pattern and number of merges the merge list equals rustbpe's
 * ({@code rustbpe.Tokenizer().train_from_iterator(docs, vocab_size - specials, pattern=...)}),
 * and it does not depend on the number of threads or on document order.
 *
 * <p>Not handled: special tokens in the text (they are split and merged like any text; strip them
 * first), lone UTF-16 surrogates (encoded as {@code ?}, as {@link String#getBytes} does), splitting
 * inside one document across threads, corpora whose distinct chunks exceed 2^31 bytes or whose
 * pairs could occur more than 2^31 times (refused with a message; train on a sample), progress
 * reporting and resume, writing any file.
 */
public final class BpeTrainer {
    private final BpeTrainerConfig config;
    private final Pattern pattern;

    public BpeTrainer(BpeTrainerConfig config) {
        this.config = config;
        this.pattern = SplitPatterns.compile(config.splitPattern());
    }

    public BpeTrainingResult train(Iterable<? extends CharSequence> documents) {
        return train(documents.iterator());
    }

    /** Trains on every document the iterator yields, consuming it on the calling thread. */
    public BpeTrainingResult train(Iterator<? extends CharSequence> documents) {
        long t0 = System.nanoTime();
        ChunkCounter counter = ChunkCounting.count(documents, pattern, config.threads());
        long t1 = System.nanoTime();

        int unique = counter.size();
        byte[][] chunks = new byte[unique][];
        int[] weights = new int[unique];
        long[] bytes = new long[2];
        int[] next = new int[1];
        counter.forEach((chunk, count) -> {
            byte[] utf8 = chunk.getBytes(StandardCharsets.UTF_8);
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("chunk occurs " + count + " times, more than an int pair count "
                        + "can hold; train on a sample of the corpus");
            }
            chunks[next[0]] = utf8;
            weights[next[0]++] = (int) count;
            bytes[0] += utf8.length;
            bytes[1] += count * utf8.length;
        });
        if (bytes[1] > Integer.MAX_VALUE) {
            // A pair count is at most the corpus's bytes; beyond 2^31 an int count could overflow.
            throw new IllegalArgumentException("the corpus splits into " + bytes[1] + " bytes of chunks, more than "
                    + Integer.MAX_VALUE + " (int pair counts); train on a sample of the corpus");
        }
        BpeMerger merger = new BpeMerger(chunks, weights);
        long t2 = System.nanoTime();

        List<Merge> merges = new ArrayList<>(config.mergeCount());
        while (merges.size() < config.mergeCount()) {
            Merge merge = merger.step();
            if (merge == null) break;
            merges.add(merge);
        }
        long t3 = System.nanoTime();

        BpeTrainingStats stats = new BpeTrainingStats(
                counter.total(),
                unique,
                bytes[0],
                merger.pairSlots(),
                Duration.ofNanos(t1 - t0),
                Duration.ofNanos(t2 - t1),
                Duration.ofNanos(t3 - t2));
        return new BpeTrainingResult(config, merges, stats);
    }
}
