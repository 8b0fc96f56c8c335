package dev.tempered.activities.curation.pii;

/**
 * {@link PiiRedactor} could not finish scanning one document, so its text must not be kept as if
 * it had been redacted. {@code reason} is a short snake_case word for the exclusions file and the
 * funnel ({@code pii_scan_budget_exceeded}, {@code pii_stack_overflow}).
 */
public final class PiiScanException extends RuntimeException {
    private final String reason;

    PiiScanException(String reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
