package dev.tempered.activities.model.serve;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A multi-turn conversation with one {@link ChatModel}: each {@link #send} appends the user's
 * message, renders the whole conversation, generates the reply and appends it. A turn that fails
 * (the reply would not fit the context) leaves the conversation as it was.
 *
 * <p>Turn {@code n} (from 0) samples with seed {@code settings.seed() + n}: a session replays
 * exactly, and a sampled reply does not repeat the previous turn's random choices. Not
 * thread-safe: one per terminal or per page session.
 */
public final class ChatSession {
    private final ChatModel model;
    private final List<Message> messages = new ArrayList<>();
    private int turns;

    public ChatSession(ChatModel model) {
        this.model = model;
    }

    /** The user says {@code text}; returns the assistant's reply, already appended. */
    public ChatModel.Reply send(
            String text, GenerationSettings settings, ChatEvents events, BooleanSupplier keepGoing) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("the message is empty; type some text");
        messages.add(Message.user(text));
        ChatModel.Reply r;
        try {
            GenerationSettings turn = new GenerationSettings(
                    settings.maxTokens(),
                    settings.temperature(),
                    settings.topK(),
                    settings.topP(),
                    settings.seed() + turns,
                    settings.stop());
            r = model.reply(conversation(), turn, events, keepGoing);
        } catch (RuntimeException e) {
            messages.remove(messages.size() - 1);
            throw e;
        }
        messages.add(r.message());
        turns++;
        return r;
    }

    /** Forgets every message; the next {@link #send} starts a new conversation. */
    public void reset() {
        messages.clear();
        turns = 0;
    }

    /** The conversation so far (ending with the assistant's last reply, or empty). */
    public Conversation conversation() {
        return new Conversation(messages, "chat", null, null);
    }

    /** Messages so far, user and assistant alternating. */
    public int size() {
        return messages.size();
    }

    public ChatModel model() {
        return model;
    }
}
