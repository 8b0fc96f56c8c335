package dev.tempered.activities.tokenizer.stage;

/** Stage {@code tokenize} has no parameters: the tokenizer input decides everything. */
public record TokenizeParams() {
    public static final TokenizeParams DEFAULTS = new TokenizeParams();
}
