package dev.tempered.workflows;

import io.temporal.client.WorkflowException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/**
 * The one place a Temporal failure chain becomes the sentence a person reads. Temporal wraps the
 * message of a stage that failed in layers ({@code WorkflowFailedException} → {@code
 * ActivityFailure} → {@code ApplicationFailure}), and an {@code ApplicationFailure}'s own {@code
 * getMessage()} reads {@code message='…', type='StageFailed', nonRetryable=true}. This walks past
 * the wrappers to the first failure that says something and returns its original message only.
 *
 * <p>Not for unexpected bugs: a {@code NullPointerException} comes back as its class and message,
 * and its stack trace belongs in the log file, not in a sentence.
 */
public final class FailureText {
    private FailureText() {}

    public static String of(Throwable failure) {
        Throwable t = failure;
        // Wrappers carry only "workflow failed" / "activity task failed" plus ids: skip them.
        while (t.getCause() != null
                && (t instanceof WorkflowException || t instanceof TemporalFailure)
                && !(t instanceof ApplicationFailure)) {
            t = t.getCause();
        }
        if (t instanceof ApplicationFailure app) {
            String message = app.getOriginalMessage();
            return message == null || message.isBlank() ? app.getType() : message;
        }
        if (t instanceof TemporalFailure tf) return tf.getOriginalMessage();
        String message = t.getMessage();
        boolean ours = t instanceof IllegalArgumentException || t instanceof IllegalStateException;
        if (message == null || message.isBlank()) return t.getClass().getSimpleName();
        return ours ? message : t.getClass().getSimpleName() + ": " + message;
    }
}
