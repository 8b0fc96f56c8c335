/**
 * Byte-level BPE training (the {@code train-tokenizer} stage's core): text in, merge list and
 * token bytes out. {@link dev.tempered.activities.tokenizer.train.BpeTrainer} is the entry point,
 * {@link dev.tempered.activities.tokenizer.train.BpeTrainerConfig} its settings,
 * {@link dev.tempered.activities.tokenizer.train.BpeTrainingResult} its output.
 *
 * <p>The merge list equals rustbpe's (nanochat's trainer) for the same text, pattern and number
 * of merges: same byte-level start (ids 0..255 are the byte values), same tie rule (higher count,
 * then smaller left id, then smaller right id), same left-to-right non-overlapping merge. The
 * tests check it against rustbpe fixtures; bench/tokenizer/ checks it on ~60 MB.
 *
 * <p>Not in this package: encoding, the tokenizer file format, special-token names, the Temporal
 * activity. Files, one concept each: {@code SplitPatterns} (regexes), {@code ChunkCounting} and
 * {@code ChunkCounter} (phase 1), {@code BpeMerger}, {@code LongIntMap}, {@code PairHeap}
 * (phases 2 and 3), {@code Merge}, {@code BpeTrainingStats}.
 */
package dev.tempered.activities.tokenizer.train;
