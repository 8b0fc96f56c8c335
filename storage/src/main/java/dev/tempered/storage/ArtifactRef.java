package dev.tempered.storage;

/**
 * An artifact as listed under a stage run: the edge name plus what the dashboard shows of it.
 *
 * @param path where a source file came from as the submitter named it ({@code path} in its
 *     metadata); null for artifacts that stages made
 */
public record ArtifactRef(String name, String digest, String kind, long size, String path) {
    public ArtifactRef(String name, String digest, String kind, long size) {
        this(name, digest, kind, size, null);
    }
}
