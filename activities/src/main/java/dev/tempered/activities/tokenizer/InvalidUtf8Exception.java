package dev.tempered.activities.tokenizer;

/**
 * Decoded token bytes are not valid UTF-8, for example because the ids end in the middle of a
 * character (an id sequence cut at an arbitrary token boundary). {@link BpeEncoder#decode} replaces
 * such bytes with U+FFFD instead.
 */
public final class InvalidUtf8Exception extends Exception {
    private final long bytePosition;
    private final int tokenIndex;

    InvalidUtf8Exception(long bytePosition, int length, int tokenIndex, int tokenId) {
        super("invalid UTF-8 at byte " + bytePosition + " (" + length + " byte(s)), in token #" + tokenIndex
                + " (id " + tokenId + ") of the sequence; decode leniently or decode a sequence that ends on"
                + " a character boundary");
        this.bytePosition = bytePosition;
        this.tokenIndex = tokenIndex;
    }

    /** Position of the first invalid byte in the decoded byte string. */
    public long bytePosition() {
        return bytePosition;
    }

    /** Index, in the id sequence, of the token holding the first invalid byte. */
    public int tokenIndex() {
        return tokenIndex;
    }
}
