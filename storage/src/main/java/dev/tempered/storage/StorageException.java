package dev.tempered.storage;

/** A failure talking to object storage or the lineage database, with the object or row named. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
