package dev.tempered.activities.tokenizer;

/**
 * The text holds a special token that the {@link SpecialPolicy} disallows. Either allow it (the
 * text is trusted and the token is meant), or make it ordinary text by leaving it out of the
 * disallowed set.
 */
public final class DisallowedSpecialTokenException extends IllegalArgumentException {
    private final String token;
    private final long offset;

    DisallowedSpecialTokenException(String token, long offset) {
        super("text contains the disallowed special token " + token + " at character offset " + offset
                + " (UTF-16 index); pass it in SpecialPolicy.allowed to encode it as a special token,"
                + " or leave it out of the disallowed set to encode it as ordinary text");
        this.token = token;
        this.offset = offset;
    }

    public String token() {
        return token;
    }

    /** Offset of the token's first character in the whole text, in UTF-16 units. */
    public long offset() {
        return offset;
    }
}
