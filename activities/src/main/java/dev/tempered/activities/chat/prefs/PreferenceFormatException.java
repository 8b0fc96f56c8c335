package dev.tempered.activities.chat.prefs;

/**
 * A {@code preferences} line that is not a usable pair. {@link #reason()} is a short stable code
 * reports count by ({@code same_response}, {@code prompt_mismatch}, …); {@link #field()} names the
 * JSON field.
 */
public final class PreferenceFormatException extends RuntimeException {
    private final String reason;
    private final String field;

    public PreferenceFormatException(String reason, String field, String message) {
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
