package dev.tempered.activities.curation;

import java.util.Map;

/**
 * A step that rewrites text instead of dropping documents (PII removal). Returns what it changed,
 * by kind, for the funnel.
 */
public interface TextTransform {
    String name();

    /**
     * Rewrites {@code doc}'s text and returns what it changed, by kind.
     *
     * @throws Rejected when this one document cannot be transformed safely (its text must not be
     *     kept as it is); the caller drops the document with the reason and goes on with the shard
     */
    Map<String, Long> transform(Document doc);

    /** One document the transform could not process; {@code reason} is a snake_case word for the exclusions. */
    final class Rejected extends RuntimeException {
        private final String reason;

        public Rejected(String reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
