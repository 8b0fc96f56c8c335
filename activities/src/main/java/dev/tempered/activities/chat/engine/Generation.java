package dev.tempered.activities.chat.engine;

/**
 * What one row produced.
 *
 * @param tokens every token after the prompt in stream order: sampled ones and the forced tool
 *     outputs ({@code <|output_start|>…<|output_end|>}), ending with the stop token when one was drawn
 * @param forced 1 where the token was forced by the tool rather than sampled (RL excludes those from the loss)
 * @param stop why the row ended
 * @param toolCalls tool calls the row made
 */
public record Generation(int[] tokens, byte[] forced, StopReason stop, int toolCalls) {
    /** Why a row stopped. */
    public enum StopReason {
        /** The model drew {@code <|assistant_end|>}: a complete reply. */
        ASSISTANT_END,
        /** The model drew {@code <|bos|>}: it started a new document instead of ending its reply. */
        BOS,
        /** The row used its {@link EngineSettings#maxTokens()}. */
        MAX_TOKENS,
        /** The row reached the model's context length. */
        CONTEXT_FULL,
        /** The listener asked this row to stop (the client went away). */
        CANCELLED
    }

    public Generation {
        if (tokens.length != forced.length) {
            throw new IllegalArgumentException(tokens.length + " tokens but " + forced.length + " forced flags");
        }
    }
}
