package dev.tempered.activities.model.serve;

/**
 * A reply that cannot fit: the tokens asked for are more than the model's context leaves after the
 * conversation. The message names both numbers and what to do; the conversation is unchanged.
 */
public final class ChatContextException extends IllegalArgumentException {
    private final int maxTokens;
    private final int left;

    public ChatContextException(int maxTokens, int left, int promptTokens, int context) {
        super(
                left > 0
                        ? "max tokens " + maxTokens + " is more than the " + left + " tokens the model's context leaves"
                                + " (context " + context + " tokens, the conversation so far " + promptTokens
                                + "); ask for at most " + left + " (--max-tokens) or start a new conversation (/reset)"
                        : "the conversation so far is " + promptTokens + " tokens and fills the model's context of "
                                + context + " tokens; start a new conversation (/reset)");
        this.maxTokens = maxTokens;
        this.left = left;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Tokens the context leaves for the reply; 0 or less when the conversation fills it. */
    public int left() {
        return left;
    }
}
