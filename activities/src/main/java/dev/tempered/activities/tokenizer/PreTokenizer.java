package dev.tempered.activities.tokenizer;

/**
 * Splits text into the chunks that byte-pair encoding then works on separately, as tiktoken's
 * {@code regex.find_iter} does: chunks are the successive leftmost matches of a pattern; text that
 * no match covers is dropped, and empty matches are skipped (tiktoken would fail on them).
 *
 * <p>{@link #of(String)} takes a pattern in tiktoken's (Rust fancy-regex) syntax. For
 * {@link #CL100K_PATTERN} it returns the hand-written {@link Cl100kPreTokenizer}, which tests show
 * equal to the regex on the corpus; any other pattern runs on {@code java.util.regex} through
 * {@link RegexPreTokenizer}.
 *
 * <p>Not handled: Unicode properties follow the running JDK's tables (Java 17: Unicode 13), while
 * tiktoken follows the Rust regex crate's (newer); characters assigned after Unicode 13 are
 * classified differently (they are unassigned to Java, so neither letter, number nor space). A
 * probe of all 260,608 code points below U+40000 and in plane 14, each in a 14-character context,
 * against tiktoken 0.14 on Java 17.0.15 found ids differing for 20 only: the Kaktovik numerals
 * U+1D2C0..U+1D2D3 (Unicode 15), which Rust counts as numbers.
 */
public interface PreTokenizer {
    /**
     * GPT-4's pattern exactly as tiktoken 0.14 defines it for cl100k_base
     * ({@code tiktoken_ext/openai_public.py}).
     */
    String CL100K_PATTERN = "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}++|\\p{N}{1,3}+"
            + "| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*+|\\s++$|\\s*[\\r\\n]|\\s+(?!\\S)|\\s";

    /** Receives one chunk: {@code text[start, end)}, in text order. */
    interface ChunkSink {
        void chunk(int start, int end);
    }

    /** The pattern in tiktoken syntax, as saved in the tokenizer sidecar. */
    String pattern();

    /**
     * Splits {@code text[from, to)} as if {@code to} were the end of the text: anchors and
     * lookaheads see nothing beyond it, which is how tiktoken splits the text between two special
     * tokens.
     */
    void split(CharSequence text, int from, int to, ChunkSink sink);

    static PreTokenizer of(String pattern) {
        return pattern.equals(CL100K_PATTERN) ? new Cl100kPreTokenizer() : new RegexPreTokenizer(pattern);
    }
}
