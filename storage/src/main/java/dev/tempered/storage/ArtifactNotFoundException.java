package dev.tempered.storage;

/** The object for a digest is not in the store (never written, or removed behind our back). */
public class ArtifactNotFoundException extends StorageException {
    private final String digest;

    public ArtifactNotFoundException(String digest) {
        super("artifact " + digest + " is not in object storage (key " + ObjectKeys.forDigest(digest)
                + "); re-run the stage that produced it, or check the bucket configuration");
        this.digest = digest;
    }

    public String digest() {
        return digest;
    }
}
