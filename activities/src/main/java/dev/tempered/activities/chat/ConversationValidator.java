package dev.tempered.activities.chat;

import java.util.List;

/**
 * The rules a conversation must follow to be rendered and trained on: an optional system message
 * first, then user and assistant alternating starting with the user, the assistant's message last;
 * no empty content; only assistant messages hold tool calls, each tool output directly follows a
 * call, tools are known; sizes within {@link ConversationLimits}. Each broken rule is a
 * {@link ConversationFormatException} whose reason code and field name it.
 */
public final class ConversationValidator {
    private final ConversationLimits limits;

    public ConversationValidator(ConversationLimits limits) {
        this.limits = limits;
    }

    public static ConversationValidator defaults() {
        return new ConversationValidator(ConversationLimits.DEFAULTS);
    }

    /** Returns {@code c} when it follows every rule; otherwise throws naming the first broken one. */
    public Conversation validate(Conversation c) {
        List<Message> ms = c.messages();
        if (ms.isEmpty()) throw new ConversationFormatException("no_messages", "messages", "is empty");
        if (ms.size() > limits.maxMessages()) {
            throw new ConversationFormatException(
                    "too_long", "messages", ms.size() + " messages, more than the limit of " + limits.maxMessages());
        }
        int first = ms.get(0).role() == Role.SYSTEM ? 1 : 0;
        if (first == ms.size()) {
            throw new ConversationFormatException(
                    "no_assistant_reply",
                    "messages",
                    "holds only a system message; a user turn and a reply must follow");
        }
        long total = 0;
        for (int i = 0; i < ms.size(); i++) {
            Message m = ms.get(i);
            String where = "messages[" + i + "]";
            Role expected = i < first ? Role.SYSTEM : ((i - first) % 2 == 0 ? Role.USER : Role.ASSISTANT);
            if (m.role() != expected) {
                throw new ConversationFormatException(
                        "role_order",
                        where + ".role",
                        "is '" + m.role().wireName() + "' but '" + expected.wireName()
                                + "' was expected (an optional system message, then user and assistant alternating)");
            }
            total += checkParts(m, where);
        }
        if (ms.get(ms.size() - 1).role() != Role.ASSISTANT) {
            throw new ConversationFormatException(
                    "no_assistant_reply",
                    "messages[" + (ms.size() - 1) + "].role",
                    "the last message is the user's; a conversation ends with the assistant's reply");
        }
        if (total > limits.maxTotalChars()) {
            throw new ConversationFormatException(
                    "too_long", "messages", total + " characters, more than the limit of " + limits.maxTotalChars());
        }
        return c;
    }

    private long checkParts(Message m, String where) {
        List<Part> parts = m.parts();
        if (parts.isEmpty()) throw new ConversationFormatException("empty_content", where + ".content", "is empty");
        long chars = 0;
        int calls = 0;
        for (int j = 0; j < parts.size(); j++) {
            Part p = parts.get(j);
            String field = where + ".content" + (m.isPlainText() ? "" : "[" + j + "]");
            if (p instanceof Part.Text t) {
                if (t.text().isBlank()) {
                    throw new ConversationFormatException("empty_content", field, "is empty or only whitespace");
                }
                chars += checkLength(t.text(), field);
            } else if (p instanceof Part.ToolCall call) {
                requireAssistant(m, field, "tool_call");
                if (!Part.TOOLS.contains(call.tool())) {
                    throw new ConversationFormatException(
                            "unknown_tool",
                            field + ".tool",
                            "'" + call.tool() + "' is not a tool; known: " + Part.TOOLS);
                }
                if (call.input().isBlank()) {
                    throw new ConversationFormatException("empty_content", field + ".input", "is empty");
                }
                if (++calls > limits.maxToolCalls()) {
                    throw new ConversationFormatException(
                            "too_many_tool_calls",
                            field,
                            "is tool call " + calls + "; one reply may make at most " + limits.maxToolCalls());
                }
                chars += checkLength(call.input(), field + ".input");
            } else if (p instanceof Part.ToolOutput out) {
                requireAssistant(m, field, "tool_output");
                if (j == 0 || !(parts.get(j - 1) instanceof Part.ToolCall)) {
                    throw new ConversationFormatException(
                            "orphan_tool_output", field, "a tool_output must directly follow a tool_call");
                }
                chars += checkLength(out.output(), field + ".output");
            }
        }
        return chars;
    }

    private static void requireAssistant(Message m, String field, String type) {
        if (m.role() != Role.ASSISTANT) {
            throw new ConversationFormatException(
                    "bad_part",
                    field + ".type",
                    "'" + type + "' in a " + m.role().wireName() + " message; only the assistant calls tools");
        }
    }

    private long checkLength(String s, String field) {
        if (s.length() > limits.maxPartChars()) {
            throw new ConversationFormatException(
                    "too_long", field, s.length() + " characters, more than the limit of " + limits.maxPartChars());
        }
        return s.length();
    }
}
