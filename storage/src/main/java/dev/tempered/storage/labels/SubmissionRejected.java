package dev.tempered.storage.labels;

/**
 * A submission refused before anything was stored, with the HTTP status the API answers and a
 * reason a person can act on.
 */
public final class SubmissionRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public SubmissionRejected(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static SubmissionRejected bad(String reason) {
        return new SubmissionRejected(400, reason);
    }
}
