package dev.tempered.activities.chat.engine;

/**
 * One row of a batched generation: the prompt (for a chat reply, a rendered conversation ending with
 * {@code <|assistant_start|>}) and the seed of this row's random choices, so a row's tokens do not
 * depend on which other rows share its batch.
 */
public record GenerationRequest(int[] prompt, long seed) {
    public GenerationRequest {
        if (prompt.length == 0) throw new IllegalArgumentException("a prompt needs at least one token (BOS)");
    }
}
