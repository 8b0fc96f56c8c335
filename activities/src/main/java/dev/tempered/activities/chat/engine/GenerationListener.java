package dev.tempered.activities.chat.engine;

/**
 * Sees every token of every row as it enters the stream (streaming chat, progress). Returning
 * false stops that row ({@link Generation.StopReason#CANCELLED}); the other rows go on.
 */
@FunctionalInterface
public interface GenerationListener {
    GenerationListener NONE = (row, token, forced) -> true;

    boolean onToken(int row, int token, boolean forced);
}
