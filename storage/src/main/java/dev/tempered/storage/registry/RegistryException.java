package dev.tempered.storage.registry;

/** A registry request that cannot be met as asked: an unknown version or alias, nothing to roll back to. */
public class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }
}
