package dev.tempered.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed bytes. An artifact's key is derived from the sha256 of its bytes, so a put
 * is idempotent and a get can prove it returned what was stored. This interface holds bytes
 * only; kinds, metadata and lineage live in {@link LineageStore}.
 *
 * <pre>{@code
 * StoredObject obj;
 * try (InputStream in = Files.newInputStream(shard)) {
 *     obj = store.put(in);                      // streams, hashes while uploading
 * }
 * try (InputStream in = store.open(obj.digest())) {   // throws DigestMismatchException at EOF
 *     in.transferTo(out);                            // if the bytes were altered in storage
 * }
 * }</pre>
 */
public interface ArtifactStore {

    /**
     * Streams {@code in} to storage while hashing it and returns where it landed. Storing the
     * same bytes twice yields the same object and leaves one copy. Large inputs go up in parts;
     * no partial object is ever visible under an artifact key.
     */
    StoredObject put(InputStream in) throws IOException;

    /** Convenience for {@link #put(InputStream)} from a file. */
    StoredObject put(Path file) throws IOException;

    /** Small in-memory artifacts such as manifests. */
    StoredObject put(byte[] bytes) throws IOException;

    /**
     * Opens the artifact for reading. The stream verifies the digest as it is consumed and
     * throws {@link DigestMismatchException} at end of stream if the bytes are not the ones stored.
     *
     * @throws ArtifactNotFoundException when no object exists for the digest
     */
    InputStream open(String digest) throws IOException;

    /** Reads a whole (small) artifact, verified. */
    byte[] readAllBytes(String digest) throws IOException;

    /** Downloads the artifact to {@code target}, verified; nothing is left at target on failure. */
    void download(String digest, Path target) throws IOException;

    Optional<StoredObject> stat(String digest);

    default boolean exists(String digest) {
        return stat(digest).isPresent();
    }

    /** Every artifact in the bucket, in key order. Staging leftovers are not listed. */
    List<StoredObject> list();
}
