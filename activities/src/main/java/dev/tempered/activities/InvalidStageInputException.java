package dev.tempered.activities;

/**
 * A stage's input cannot be used: an artifact of the wrong kind or format, a manifest that does
 * not parse. Retrying cannot help, so Temporal is told not to.
 */
public class InvalidStageInputException extends RuntimeException {
    public InvalidStageInputException(String message) {
        super(message);
    }

    public InvalidStageInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
