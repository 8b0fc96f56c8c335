package dev.tempered.activities.curation.dedup;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a text into its shingles: the xxHash64 of every word n-gram of the simplified text,
 * following datatrove's {@code simplify_text} with its default {@code TextNormConfig}, in this
 * order: lower-case; every run of decimal digits (with at most one decimal separator inside)
 * becomes {@code 0}; each character of datatrove's {@code PUNCTUATION} set becomes a space;
 * diacritics are removed (NFD, then drop non-spacing marks); whitespace runs collapse to one
 * space. N-grams are the words joined by single spaces, hashed as UTF-8.
 *
 * <p>What it does not do: datatrove splits English words with spaCy's tokenizer, Tempered splits
 * on whitespace. On simplified text the two differ only where spaCy applies its English
 * exceptions to apostrophe-less forms ({@code dont} becomes {@code do nt}, {@code cannot} becomes
 * {@code can not}) or splits off a symbol outside the punctuation set ({@code ©}, {@code §},
 * {@code ‘}); the peer script in {@code bench/curation} measures the effect. No language-specific
 * segmentation either: Chinese or Thai text without spaces yields few, long "words". Weekday and
 * month-name normalisation are off, as in datatrove's defaults.
 *
 * <p>Not thread-safe: it reuses its buffers between calls; use one instance per thread.
 */
final class Shingler {
    /** datatrove's {@code PUNCTUATION}, the characters it turns into spaces, including C0/C1 controls but not tab or newline. */
    private static final String PUNCTUATION =
            "!/\u2014\u201d:\uff05\uff11\u3008&(\u3001\u2501\\\u3010#%\u300c\u300d\uff0c\u3011"
                    + "\uff1b+^]~\u201c\u300a\u201e';\u2019{|\u2236\u00b4[=-`*\uff0e\uff08\u2013\uff1f\uff01\uff1a$\uff5e\u00ab"
                    + "\u3009,><\u300b)?\uff09\u3002\u2026@_.\"}\u25ba\u00bb";

    private static final boolean[] IS_PUNCTUATION = new boolean[0x10000];

    static {
        for (int i = 0; i < PUNCTUATION.length(); i++) {
            IS_PUNCTUATION[PUNCTUATION.charAt(i)] = true;
        }
        for (int c = 0; c < 32; c++) {
            if (c != '\t' && c != '\n') {
                IS_PUNCTUATION[c] = true;
            }
        }
        for (int c = 127; c < 160; c++) {
            IS_PUNCTUATION[c] = true;
        }
    }

    private final int nGrams;
    private final StringBuilder simplified = new StringBuilder();
    private final StringBuilder collapsed = new StringBuilder();
    private int[] wordStart = new int[256];
    private int[] wordEnd = new int[256];
    private long[] shingles = new long[256];

    Shingler(int nGrams) {
        this.nGrams = nGrams;
    }

    /**
     * Hashes the n-grams of {@code text} into an internal buffer and returns their count (0 when
     * the text has fewer than n words). The hashes are in {@link #shingles()} until the next call.
     */
    int shingle(String text) {
        String words = simplify(text);
        byte[] utf8 = words.getBytes(StandardCharsets.UTF_8);
        int count = 0;
        int i = 0;
        while (i < utf8.length) {
            int start = i;
            while (i < utf8.length && utf8[i] != ' ') {
                i++;
            }
            if (count == wordStart.length) {
                wordStart = Arrays.copyOf(wordStart, count * 2);
                wordEnd = Arrays.copyOf(wordEnd, count * 2);
            }
            wordStart[count] = start;
            wordEnd[count] = i;
            count++;
            i++;
        }
        int n = Math.max(0, count - nGrams + 1);
        if (shingles.length < n) {
            shingles = new long[Math.max(n, shingles.length * 2)];
        }
        // The simplified text has exactly one space between words, so an n-gram joined by spaces
        // is a contiguous byte range and can be hashed in place.
        for (int g = 0; g < n; g++) {
            int from = wordStart[g];
            shingles[g] = XxHash64.hash(utf8, from, wordEnd[g + nGrams - 1] - from);
        }
        return n;
    }

    /** The buffer holding the last {@link #shingle} result; only the first count entries are valid. */
    long[] shingles() {
        return shingles;
    }

    /** datatrove's simplification, with diacritics removed before whitespace is collapsed (same words, see class doc). */
    String simplify(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder sb = simplified;
        sb.setLength(0);
        boolean ascii = true;
        int len = lower.length();
        int i = 0;
        while (i < len) {
            int cp = lower.codePointAt(i);
            if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                i = skipNumber(lower, i);
                sb.append('0');
                continue;
            }
            int width = Character.charCount(cp);
            if (cp < 0x10000 && IS_PUNCTUATION[cp]) {
                sb.append(' ');
            } else {
                if (cp >= 0xC0) {
                    ascii = false;
                }
                sb.appendCodePoint(cp);
            }
            i += width;
        }
        // No code point below U+00C0 has a canonical decomposition, so the common case skips NFD.
        CharSequence decomposed = ascii ? sb : Normalizer.normalize(sb, Normalizer.Form.NFD);
        StringBuilder out = collapsed;
        out.setLength(0);
        boolean pendingSpace = false;
        int dl = decomposed.length();
        for (int j = 0; j < dl; ) {
            int cp = Character.codePointAt(decomposed, j);
            j += Character.charCount(cp);
            if (isPythonWhitespace(cp)) {
                pendingSpace = out.length() > 0;
            } else if (ascii || Character.getType(cp) != Character.NON_SPACING_MARK) {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Skips {@code \p{Nd}+([.,،٫⎖⎗⎘]\p{Nd}+)?} starting at a digit and returns the index after it. */
    private static int skipNumber(String s, int i) {
        i = skipDigits(s, i);
        if (i < s.length() - 1 && isDecimalSeparator(s.charAt(i))) {
            int next = s.codePointAt(i + 1);
            if (Character.getType(next) == Character.DECIMAL_DIGIT_NUMBER) {
                i = skipDigits(s, i + 1);
            }
        }
        return i;
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (Character.getType(cp) != Character.DECIMAL_DIGIT_NUMBER) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static boolean isDecimalSeparator(char c) {
        return c == '.'
                || c == ','
                || c == '\u060c'
                || c == '\u066b'
                || c == '\u2396'
                || c == '\u2397'
                || c == '\u2398';
    }

    /** Python's {@code str.isspace}, which is what {@code re}'s {@code \s} matches in a str pattern. */
    private static boolean isPythonWhitespace(int c) {
        return (c >= 0x09 && c <= 0x0D)
                || (c >= 0x1C && c <= 0x20)
                || c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }
}
