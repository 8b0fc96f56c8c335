package dev.tempered.storage;

import java.util.UUID;

/**
 * The only place object keys are made. Callers never choose a key: final keys derive from the
 * content digest, staging keys from a random UUID, so no input can traverse or overwrite.
 */
public final class ObjectKeys {
    static final String ARTIFACT_PREFIX = "sha256/";
    /**
     * Staging objects sit at the top of the bucket, in no folder of their own. The embedded S3
     * server (s3proxy's filesystem store) deletes a folder when its last object is removed: with
     * one shared {@code staging/} folder, finishing one upload could remove it between another
     * upload creating it and opening its file there ({@code NoSuchFileException …/staging/…} under
     * parallel curate). The bucket's own folder is never removed.
     */
    static final String STAGING_PREFIX = "staging-";

    private ObjectKeys() {}

    /** {@code sha256/ab/ab12…}: the two-character fan-out keeps listings of one prefix small. */
    public static String forDigest(String digest) {
        Digests.require(digest);
        return ARTIFACT_PREFIX + digest.substring(0, 2) + "/" + digest;
    }

    static String newStagingKey() {
        return STAGING_PREFIX + UUID.randomUUID();
    }

    /** Reverses {@link #forDigest}, rejecting anything that is not exactly such a key. */
    static String digestOf(String key) {
        if (!key.startsWith(ARTIFACT_PREFIX) || key.length() != ARTIFACT_PREFIX.length() + 3 + 64) {
            throw new IllegalArgumentException("not an artifact key: '" + key + "'");
        }
        String digest = key.substring(ARTIFACT_PREFIX.length() + 3);
        if (!forDigest(Digests.require(digest)).equals(key)) {
            throw new IllegalArgumentException("not an artifact key: '" + key + "'");
        }
        return digest;
    }
}
