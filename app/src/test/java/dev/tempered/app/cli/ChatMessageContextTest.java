package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.activities.model.serve.ChatContextException;
import org.junit.jupiter.api.Test;

/** {@code chat --message}: a message too long for the context is reported in terms of the message, not of /reset. */
class ChatMessageContextTest {
    @Test
    void aMessageThatFillsTheContextSaysSo() {
        var e = ChatCommand.oneMessageTooLong(new ChatContextException(64, -20, 148, 128), 128);
        assertEquals(
                "--message takes 148 tokens with the chat template and fills the model's context of 128 tokens;"
                        + " shorten it",
                e.getMessage());
    }

    @Test
    void aMessageThatLeavesTooLittleForTheReplySaysHowMuchFits() {
        var e = ChatCommand.oneMessageTooLong(new ChatContextException(64, 28, 100, 128), 128);
        assertEquals(
                "--max-tokens 64 is more than the 28 tokens the model's context of 128 leaves after the 100-token"
                        + " message; ask for at most 28 or shorten the message",
                e.getMessage());
    }
}
