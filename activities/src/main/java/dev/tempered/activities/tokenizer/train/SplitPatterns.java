package dev.tempered.activities.tokenizer.train;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Pre-split patterns: the regex that cuts text into chunks before BPE, so that no token ever
 * spans two chunks (a word and the space before it may merge; a word and the punctuation after
 * it may not).
 *
 * <p>The strings are written exactly as their sources write them, so the same string can be
 * handed to a peer (rustbpe, HF tokenizers, tiktoken) unchanged. {@link #compile} adds
 * {@link Pattern#UNICODE_CHARACTER_CLASS}: without it Java's {@code \s} is ASCII only and
 * {@code (?i)} folds ASCII only, whereas Rust's regex and fancy-regex (used by tiktoken and
 * rustbpe) treat both as Unicode. Java 17 knows Unicode 13; letters or digits added to Unicode
 * later are not {@code \p{L}}/{@code \p{N}} here and may split differently from a Rust peer.
 */
public final class SplitPatterns {

    /**
     * GPT-4's cl100k_base pattern as tiktoken 0.7.0 writes it in {@code openai_public.py}, and as
     * rustbpe writes its {@code GPT4_PATTERN}: numbers in runs of at most three digits.
     */
    public static final String GPT4 =
            "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*"
                    + "|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+";

    /**
     * cl100k_base as tiktoken 0.14.0 writes it: the same split as {@link #GPT4}, rewritten with
     * possessive quantifiers for speed ({@code \s++$} and a final single {@code \s} replace the
     * last {@code \s+}). Kept so that the equivalence can be tested rather than assumed.
     */
    public static final String GPT4_TIKTOKEN_0_14 =
            "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}++|\\p{N}{1,3}+| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*+"
                    + "|\\s++$|\\s*[\\r\\n]|\\s+(?!\\S)|\\s";

    /**
     * nanochat's variant of {@link #GPT4} ({@code nanochat/tokenizer.py} {@code SPLIT_PATTERN}):
     * numbers in runs of at most two digits, which spends fewer tokens of a small vocabulary on
     * three-digit numbers.
     */
    public static final String NANOCHAT =
            "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}+|\\p{N}{1,2}| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*"
                    + "|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+";

    private SplitPatterns() {}

    /**
     * Compiles a pre-split pattern with Unicode {@code \s}, {@code \w} and case folding, as Rust's
     * regex engines read it.
     *
     * @throws IllegalArgumentException naming the pattern when Java cannot compile it (Java's
     *     syntax differs from fancy-regex's in places, e.g. {@code \p{Greek}} is {@code \p{IsGreek}})
     */
    public static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pre-split pattern does not compile in Java: " + e.getMessage(), e);
        }
    }
}
