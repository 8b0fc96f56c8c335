package dev.tempered.activities.chat;

/**
 * A conversation line that is not one Tempered trains on. {@link #reason()} is a short stable
 * code that reports count by ({@code role_order}, {@code empty_content}, …); {@link #field()} is
 * the JSON path of the offending value ({@code messages[2].content[0].tool}).
 */
public final class ConversationFormatException extends RuntimeException {
    private final String reason;
    private final String field;

    public ConversationFormatException(String reason, String field, String message) {
        super(field + ": " + message);
        this.reason = reason;
        this.field = field;
    }

    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
