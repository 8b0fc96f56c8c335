package dev.tempered.storage;

/** What the object store knows of one artifact's bytes: their digest, size and key. */
public record StoredObject(String digest, long size, String storageKey) {
    public StoredObject {
        Digests.require(digest);
        if (size < 0) throw new IllegalArgumentException("negative size " + size + " for " + digest);
    }
}
