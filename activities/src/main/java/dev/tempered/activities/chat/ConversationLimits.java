package dev.tempered.activities.chat;

/**
 * Size limits a conversation must keep to. They guard memory and the renderer against one
 * runaway line (a scraped log pasted as one message); rendering still cuts conversations to the
 * model's context, which these limits do not know.
 *
 * @param maxMessages messages per conversation, system message included
 * @param maxPartChars characters in one text part, tool input or tool output
 * @param maxTotalChars characters in all parts together
 * @param maxToolCalls tool calls in one assistant message (the engine bounds generation the same way)
 */
public record ConversationLimits(int maxMessages, int maxPartChars, int maxTotalChars, int maxToolCalls) {
    /** Generous for chat data (nanochat's SFT mixes have replies of a few thousand characters). */
    public static final ConversationLimits DEFAULTS = new ConversationLimits(64, 16_000, 64_000, 8);

    public ConversationLimits {
        if (maxMessages < 2 || maxPartChars < 1 || maxTotalChars < 1 || maxToolCalls < 0) {
            throw new IllegalArgumentException("conversation limits must be positive (messages ≥ 2), got " + this);
        }
    }
}
