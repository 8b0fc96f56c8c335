package dev.tempered.activities.curation.pii;

import java.util.List;

/**
 * Finds e-mail addresses in linear time, with exactly the matches of the regular expression
 * <pre>
 * (?&lt;![\w.!#$&amp;'*+=^`{|}~-])L+(?:\.L+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])
 * </pre>
 * where {@code L} is {@code [A-Za-z0-9!#$&'*+=^_`{|}~-]}, run with {@code Matcher.find}.
 *
 * <p>Why not that expression: {@code java.util.regex} recurses once per repetition of a group
 * whose length varies, so {@code "a.".repeat(5000)} overflowed the stack, and a page of
 * {@code a@a@a@...} made it retry from every start. Here each {@code @} is looked at once: the
 * local part is the run of local-part characters and dots that ends at it (the look-behind allows
 * no other start), and the domain is the longest run of dot-terminated labels after it whose next
 * segment is a letters-only top-level domain (what the greedy {@code +} settles on).
 */
final class EmailScanner {
    private EmailScanner() {}

    /** Appends every address in {@code text} to {@code out}, left to right, without overlaps. */
    static void scan(CharSequence text, List<PiiSpan> out) {
        int n = text.length();
        int lastEnd = 0;
        for (int at = 0; at < n; at++) {
            if (text.charAt(at) != '@') continue;
            int start = localPartStart(text, at);
            if (start < 0 || start < lastEnd) continue;
            int end = domainEnd(text, at + 1);
            if (end < 0) continue;
            out.add(new PiiSpan(
                    PiiType.EMAIL, start, end, text.subSequence(start, end).toString()));
            lastEnd = end;
            at = end - 1;
        }
    }

    /** The start of {@code L+(\.L+)*} ending right before {@code at}, or -1. */
    private static int localPartStart(CharSequence text, int at) {
        int i = at;
        while (i > 0 && (isLocal(text.charAt(i - 1)) || text.charAt(i - 1) == '.')) i--;
        if (i == at) return -1;
        // No leading, trailing or doubled dot.
        char prev = 0;
        for (int k = i; k < at; k++) {
            char c = text.charAt(k);
            if (c == '.' && (k == i || prev == '.')) return -1;
            prev = c;
        }
        return prev == '.' ? -1 : i;
    }

    /** The end of {@code (label\.)+ tld} starting at {@code from}, followed by no word char or hyphen; or -1. */
    private static int domainEnd(CharSequence text, int from) {
        int n = text.length();
        int best = -1;
        int segment = from;
        boolean labelsSoFar = true;
        int labels = 0;
        while (segment < n && labelsSoFar) {
            int end = segment;
            while (end < n && isDomain(text.charAt(end))) end++;
            // A top-level domain after at least one label: 2 to 24 letters, then no word char or hyphen.
            if (labels > 0) {
                int letters = segment;
                while (letters < n && isAsciiLetter(text.charAt(letters))) letters++;
                int len = letters - segment;
                if (len >= 2 && len <= 24 && (letters == n || !isWordOrHyphen(text.charAt(letters)))) best = letters;
            }
            boolean validLabel = end > segment && isAlnum(text.charAt(segment)) && isAlnum(text.charAt(end - 1));
            labelsSoFar = validLabel && end < n && text.charAt(end) == '.';
            if (labelsSoFar) {
                labels++;
                segment = end + 1;
            }
        }
        return best;
    }

    static boolean isLocal(char c) {
        return isAlnum(c) || "!#$&'*+=^_`{|}~-".indexOf(c) >= 0;
    }

    private static boolean isDomain(char c) {
        return isAlnum(c) || c == '-';
    }

    private static boolean isWordOrHyphen(char c) {
        return isAlnum(c) || c == '_' || c == '-';
    }

    private static boolean isAlnum(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
