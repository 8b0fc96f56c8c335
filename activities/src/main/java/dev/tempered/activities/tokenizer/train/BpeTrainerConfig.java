package dev.tempered.activities.tokenizer.train;

import java.util.Objects;

/**
 * Settings of byte-level BPE training.
 *
 * <p>Token ids: 0..255 are the single bytes, then one id per merge in the order the merges were
 * learned, then {@code specialTokens} ids reserved at the top of the vocabulary for the special
 * tokens, which the trainer never sees in text and never merges. So a vocabulary of V with S
 * specials learns {@code V - 256 - S} merges, which is what nanochat asks of rustbpe
 * ({@code vocab_size - len(SPECIAL_TOKENS)}).
 *
 * @param vocabSize total vocabulary, counting the 256 byte tokens and the special tokens; at
 *     least {@code 256 + specialTokens}, at most 2^24. nanochat trains 65,536; GPT-4 has ~100k.
 * @param splitPattern pre-split regex, in the syntax tiktoken and rustbpe use (see
 *     {@link SplitPatterns}); default {@link SplitPatterns#GPT4}, GPT-4's cl100k pattern.
 * @param specialTokens ids reserved for special tokens; default {@link #TEMPERED_SPECIAL_TOKENS},
 *     Tempered's ten: {@code <|bos|>}, {@code <|user_start|>}, {@code <|user_end|>},
 *     {@code <|assistant_start|>}, {@code <|assistant_end|>}, {@code <|python_start|>},
 *     {@code <|python_end|>}, {@code <|output_start|>}, {@code <|output_end|>},
 *     {@code <|endoftext|>} (nanochat's nine plus an end-of-text marker). Only the count matters
 *     here; the encoder owns the names.
 * @param threads threads that pre-split and count chunks; default: the available processors. The
 *     merge loop is sequential (each merge depends on the previous one). The result does not
 *     depend on this number.
 */
public record BpeTrainerConfig(int vocabSize, String splitPattern, int specialTokens, int threads) {

    /** Tempered's special tokens, see {@code specialTokens} above. */
    public static final int TEMPERED_SPECIAL_TOKENS = 10;
    /** Largest vocabulary accepted: ids and per-id tables stay well inside int arrays. */
    public static final int MAX_VOCAB_SIZE = 1 << 24;

    public BpeTrainerConfig {
        Objects.requireNonNull(splitPattern, "splitPattern");
        if (specialTokens < 0) {
            throw new IllegalArgumentException("specialTokens must be >= 0, got " + specialTokens);
        }
        if (vocabSize < 256 + specialTokens) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + " is below 256 byte tokens + "
                    + specialTokens + " special tokens = " + (256 + specialTokens)
                    + "; vocabSize counts both, so ask for at least " + (256 + specialTokens));
        }
        if (vocabSize > MAX_VOCAB_SIZE) {
            throw new IllegalArgumentException("vocabSize must be at most " + MAX_VOCAB_SIZE + ", got " + vocabSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        SplitPatterns.compile(splitPattern);
    }

    /** The defaults with the given total vocabulary size. */
    public static BpeTrainerConfig of(int vocabSize) {
        return new BpeTrainerConfig(
                vocabSize,
                SplitPatterns.GPT4,
                TEMPERED_SPECIAL_TOKENS,
                Runtime.getRuntime().availableProcessors());
    }

    /** Merges to learn: the vocabulary less the 256 byte tokens and the special tokens. */
    public int mergeCount() {
        return vocabSize - 256 - specialTokens;
    }

    public BpeTrainerConfig withSplitPattern(String pattern) {
        return new BpeTrainerConfig(vocabSize, pattern, specialTokens, threads);
    }

    public BpeTrainerConfig withSpecialTokens(int count) {
        return new BpeTrainerConfig(vocabSize, splitPattern, count, threads);
    }

    public BpeTrainerConfig withThreads(int count) {
        return new BpeTrainerConfig(vocabSize, splitPattern, specialTokens, count);
    }
}
