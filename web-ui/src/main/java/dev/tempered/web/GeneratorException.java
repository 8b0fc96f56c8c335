package dev.tempered.web;

/** A model the {@link TextGenerator} cannot serve; {@link #notFound} is answered 404, the rest 400. */
public final class GeneratorException extends RuntimeException {
    private final boolean notFound;

    private GeneratorException(String message, boolean notFound, Throwable cause) {
        super(message, cause);
        this.notFound = notFound;
    }

    /** No such artifact (or its bytes are gone). */
    public static GeneratorException notFound(String message, Throwable cause) {
        return new GeneratorException(message, true, cause);
    }

    /** The artifact exists but cannot be served as asked (not a checkpoint, a tokenizer that does not fit). */
    public static GeneratorException badRequest(String message, Throwable cause) {
        return new GeneratorException(message, false, cause);
    }

    public int status() {
        return notFound ? 404 : 400;
    }
}
