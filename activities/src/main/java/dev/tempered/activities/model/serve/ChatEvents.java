package dev.tempered.activities.model.serve;

/**
 * What a chat reply shows while it is generated, in stream order: assistant text, and each
 * calculator call with its output, kept apart so a terminal or page can render tools as tools.
 */
public interface ChatEvents {
    /** Ignores everything (a caller that only wants the finished reply). */
    ChatEvents NONE = new ChatEvents() {
        @Override
        public void text(String piece) {}

        @Override
        public void toolCall(String input) {}

        @Override
        public void toolOutput(String output) {}
    };

    /** Assistant text; a piece never ends inside a multi-byte character. */
    void text(String piece);

    /** The model closed a calculator call with this expression; the output follows. */
    void toolCall(String input);

    /** What the calculator returned and the engine forced into the reply (a number or {@code error: ...}). */
    void toolOutput(String output);
}
