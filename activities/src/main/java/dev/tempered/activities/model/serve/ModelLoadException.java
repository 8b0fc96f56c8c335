package dev.tempered.activities.model.serve;

/**
 * A checkpoint that cannot be served, with what is wrong so callers can answer precisely (the CLI
 * exits non-zero with the message; the dashboard maps {@link Problem} to 404 or 400). It extends
 * {@link IllegalArgumentException} because every case is a bad digest or a bad pairing the user
 * chose, never a transient fault worth retrying.
 */
public final class ModelLoadException extends IllegalArgumentException {
    public enum Problem {
        /** No artifact with that digest in the lineage store. */
        NOT_FOUND,
        /** The artifact exists but is not a {@code checkpoint}. */
        NOT_A_CHECKPOINT,
        /** A checkpoint, but a base model where chat needs one made by an {@code sft} stage. */
        NOT_A_CHAT_MODEL,
        /** Recorded in lineage, but its bytes (or its tokenizer's) are gone from object storage. */
        MISSING_BYTES,
        /** Lineage does not lead to a tokenizer and none was given. */
        NO_TOKENIZER,
        /** The tokenizer is not a tokenizer, or its vocabulary does not fit the model. */
        BAD_TOKENIZER
    }

    private final Problem problem;

    public ModelLoadException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public ModelLoadException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
