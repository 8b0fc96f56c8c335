package dev.tempered.activities.chat;

import java.util.List;

/**
 * One turn of a {@link Conversation}: a role and its content as parts. A plain-text message is one
 * {@link Part.Text}; see {@link #text()} for the whole text of any message.
 */
public record Message(Role role, List<Part> parts) {
    public Message {
        if (role == null) throw new IllegalArgumentException("a message needs a role");
        parts = List.copyOf(parts);
    }

    public static Message system(String text) {
        return new Message(Role.SYSTEM, List.of(new Part.Text(text)));
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new Part.Text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new Part.Text(text)));
    }

    public static Message assistant(List<Part> parts) {
        return new Message(Role.ASSISTANT, parts);
    }

    /** The concatenated text parts (tool calls and outputs left out). */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) if (p instanceof Part.Text t) b.append(t.text());
        return b.toString();
    }

    /** True when the content is exactly one text part (the JSON then holds a plain string). */
    public boolean isPlainText() {
        return parts.size() == 1 && parts.get(0) instanceof Part.Text;
    }
}
