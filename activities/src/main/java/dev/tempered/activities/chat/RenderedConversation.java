package dev.tempered.activities.chat;

/**
 * A conversation as token ids with a per-token loss mask: {@code mask[i] == 1} when token {@code i}
 * is one the model is trained to produce (assistant text, tool calls, {@code <|assistant_end|>}).
 * For next-token training, inputs are {@code ids[0..n-1]}, targets {@code ids[1..n]} and the
 * target mask {@code mask[1..n]}.
 *
 * @param cut whether the conversation was cut to fit, and where
 */
public record RenderedConversation(int[] ids, byte[] mask, Cut cut) {
    /** How a conversation longer than the token budget was cut. */
    public enum Cut {
        /** It fit. */
        NONE,
        /** Cut after the last assistant turn that fits: whole turns, nothing half-said. */
        TURN_BOUNDARY,
        /** Even the first exchange did not fit; cut at the budget in the middle of a turn. */
        MID_TURN
    }

    public RenderedConversation {
        if (ids.length != mask.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + mask.length + " mask values");
        }
    }

    /** Tokens whose mask is 1. */
    public int trainedTokens() {
        int n = 0;
        for (byte b : mask) n += b;
        return n;
    }
}
