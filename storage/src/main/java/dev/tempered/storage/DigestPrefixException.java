package dev.tempered.storage;

import java.util.List;

/**
 * A digest or digest prefix that names no artifact, or more than one. The message is one line a
 * person can act on; {@link #candidates()} lists the matches (empty when nothing matched), so a
 * web route can answer 404 for unknown and 400 for ambiguous.
 */
public final class DigestPrefixException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> candidates;

    public DigestPrefixException(String message, List<String> candidates) {
        super(message);
        this.candidates = List.copyOf(candidates);
    }

    public List<String> candidates() {
        return candidates;
    }

    public boolean ambiguous() {
        return candidates.size() > 1;
    }
}
