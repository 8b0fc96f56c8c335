package dev.tempered.activities.chat.sft.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mined conversations replace the base ones with their id and add the rest. */
class ExtraConversationsTest {
    static Conversation c(String id, String q, String a) {
        return new Conversation(List.of(Message.user(q), Message.assistant(a)), "synthetic", "facts", id);
    }

    @Test
    void anExtraConversationReplacesTheOneWithItsIdAndTheOthersAreAdded() {
        List<Conversation> base = List.of(
                c("facts-e000001-birthplace", "Where was Tessa Quorn born?", "Tessa Quorn was born in Velmora."),
                c("arithmetic-s1-000001", "What is 2+2?", "4"),
                c(null, "Hello", "Hi!"),
                c("facts-e000002-maker", "Who makes the Zentrix 40?", "Korvex makes the Zentrix 40."));
        List<Conversation> extra = List.of(
                c("facts-e000002-maker", "Who makes the Zentrix 40?", "I don't know."),
                c("facts-e000009-colour", "What colour is the Brell 7?", "I'm not sure."),
                c(null, "Hello", "Hello there."));

        ExtraConversations.Merged m = ExtraConversations.merge(base, extra);

        assertEquals(3, m.extra());
        assertEquals(1, m.replaced());
        assertEquals(
                List.of(
                        "Tessa Quorn was born in Velmora.",
                        "4",
                        "Hi!",
                        "I don't know.",
                        "I'm not sure.",
                        "Hello there."),
                m.conversations().stream().map(x -> x.last().text()).toList());
    }
}
