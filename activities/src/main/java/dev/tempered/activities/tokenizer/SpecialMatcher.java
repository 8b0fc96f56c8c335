package dev.tempered.activities.tokenizer;

import java.util.Arrays;
import java.util.Collection;

/**
 * Finds special tokens in a text: the leftmost occurrence, the longest among those starting at the
 * same place. Remembers each token's next occurrence, so scanning a text from left to right costs
 * one {@code indexOf} pass per token, however many occurrences there are. Not thread-safe; call
 * {@link #reset()} before scanning another text.
 */
final class SpecialMatcher {
    private static final int UNKNOWN = -2;
    private static final int NONE = Integer.MAX_VALUE;

    private final String[] tokens;
    private final int[] next;
    private final int maxLength;
    private String matched;

    SpecialMatcher(Collection<String> tokens) {
        this.tokens = tokens.toArray(String[]::new);
        this.next = new int[this.tokens.length];
        this.maxLength =
                Arrays.stream(this.tokens).mapToInt(String::length).max().orElse(0);
        reset();
    }

    int maxLength() {
        return maxLength;
    }

    boolean isEmpty() {
        return tokens.length == 0;
    }

    void reset() {
        Arrays.fill(next, UNKNOWN);
    }

    /** Start of the first token lying wholly in {@code text[from, to)}, or -1; see {@link #matched()}. */
    int find(String text, int from, int to) {
        int best = -1;
        matched = null;
        for (int k = 0; k < tokens.length; k++) {
            if (next[k] != NONE && next[k] < from) {
                int at = text.indexOf(tokens[k], from);
                next[k] = at < 0 ? NONE : at;
            }
            int at = next[k];
            if (at == NONE || at + tokens[k].length() > to) continue;
            if (best < 0 || at < best || (at == best && tokens[k].length() > matched.length())) {
                best = at;
                matched = tokens[k];
            }
        }
        return best;
    }

    /** The token found by the last successful {@link #find}. */
    String matched() {
        return matched;
    }

    /**
     * The first position {@code p} in {@code [from, to)} where {@code text[p, to)} is a proper
     * prefix of a token (a token that more text could complete), or {@code to}.
     */
    int partialStart(String text, int from, int to) {
        for (int p = Math.max(from, to - maxLength + 1); p < to; p++) {
            for (String t : tokens) {
                int len = to - p;
                if (len < t.length() && text.regionMatches(p, t, 0, len)) return p;
            }
        }
        return to;
    }
}
