package dev.tempered.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One message of a Chat page conversation, in the same shape as a line of a {@code conversations}
 * artifact: {@code role} is {@code user} or {@code assistant}; the content is a list of parts.
 */
public record ChatMessage(String role, List<ChatPart> content) {
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public ChatMessage {
        content = List.copyOf(content);
    }

    /**
     * One part: {@code text} with {@code text}, {@code tool_call} with {@code input} (the
     * calculator's expression), or {@code tool_output} with {@code output}. Unused fields are null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChatPart(String type, String text, String input, String output) {
        public static final String TEXT = "text";
        public static final String TOOL_CALL = "tool_call";
        public static final String TOOL_OUTPUT = "tool_output";

        public static ChatPart text(String text) {
            return new ChatPart(TEXT, text, null, null);
        }

        public static ChatPart toolCall(String input) {
            return new ChatPart(TOOL_CALL, null, input, null);
        }

        public static ChatPart toolOutput(String output) {
            return new ChatPart(TOOL_OUTPUT, null, null, output);
        }
    }
}
