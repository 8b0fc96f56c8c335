package dev.tempered.activities.curation.lang;

/**
 * A fastText model file that cannot be read: truncated, wrong magic or version, or a field whose
 * value contradicts another. The message names the field and the byte offset where reading
 * failed (and the file, when known), so a corrupt download can be told apart from an unsupported
 * model.
 */
public final class ModelFormatException extends RuntimeException {
    private final String detail;
    private final long offset;

    public ModelFormatException(String detail, long offset) {
        this(null, detail, offset);
    }

    private ModelFormatException(String source, String detail, long offset) {
        super((source == null ? "" : source + ": ") + detail + " (at byte offset " + offset + ")");
        this.detail = detail;
        this.offset = offset;
    }

    /** The same problem, its message prefixed with the file or resource it was found in. */
    public ModelFormatException in(String source) {
        ModelFormatException e = new ModelFormatException(source, detail, offset);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** Byte offset in the model file where the problem was found. */
    public long offset() {
        return offset;
    }
}
