package dev.tempered.activities.tokenizer.train;

import java.time.Duration;

/**
 * What one training run saw and where its time went.
 *
 * @param totalChunks pre-split chunks in the corpus, with repeats
 * @param uniqueChunks distinct chunks: the sequences the merge loop works on
 * @param uniqueChunkBytes bytes of the distinct chunks, each counted once
 * @param pairSlots distinct pairs ever counted during training (live or dead); the size of the
 *     pair table, the loop's main memory cost after the chunks
 * @param splitAndCount phase 1: regex pre-split and chunk counting, all threads, summing included
 * @param pairIndex phase 2: chunks to token arrays, initial pair counts, pair index and heap
 * @param mergeLoop phase 3: the merges
 */
public record BpeTrainingStats(
        long totalChunks,
        int uniqueChunks,
        long uniqueChunkBytes,
        int pairSlots,
        Duration splitAndCount,
        Duration pairIndex,
        Duration mergeLoop) {

    /** All three phases. */
    public Duration total() {
        return splitAndCount.plus(pairIndex).plus(mergeLoop);
    }
}
