package dev.tempered.activities.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a {@code conversations} artifact: the messages, where they come from ({@code source},
 * e.g. {@code synthetic} or {@code chatterbot-corpus}), which task they belong to ({@code task},
 * e.g. {@code arithmetic}) and a stable {@code id}. {@link ConversationValidator} says whether the
 * shape is one Tempered trains on; this record only holds it.
 */
public record Conversation(List<Message> messages, String source, String task, String id) {
    public Conversation {
        messages = List.copyOf(messages);
    }

    /** The last message (by the validator's rules, the assistant's reply). */
    public Message last() {
        return messages.get(messages.size() - 1);
    }

    /** The conversation without its last message: the prompt a model is asked to continue. */
    public Conversation withoutLast() {
        return new Conversation(messages.subList(0, messages.size() - 1), source, task, id);
    }

    /** The conversation with {@code m} appended. */
    public Conversation with(Message m) {
        List<Message> out = new ArrayList<>(messages);
        out.add(m);
        return new Conversation(out, source, task, id);
    }
}
