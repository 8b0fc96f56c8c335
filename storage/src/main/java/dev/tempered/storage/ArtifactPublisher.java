package dev.tempered.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Stores bytes and then records them in lineage, in that order, so a lineage row never names
 * an object that is not in storage. The one way stages publish what they write.
 */
public final class ArtifactPublisher {
    private final ArtifactStore store;
    private final LineageStore lineage;

    public ArtifactPublisher(ArtifactStore store, LineageStore lineage) {
        this.store = store;
        this.lineage = lineage;
    }

    public ArtifactRecord publish(Path file, String kind, String mediaType, Map<String, Object> metadata)
            throws IOException {
        return record(store.put(file), kind, mediaType, metadata);
    }

    public ArtifactRecord publish(InputStream in, String kind, String mediaType, Map<String, Object> metadata)
            throws IOException {
        return record(store.put(in), kind, mediaType, metadata);
    }

    public ArtifactRecord publish(byte[] bytes, String kind, String mediaType, Map<String, Object> metadata)
            throws IOException {
        return record(store.put(bytes), kind, mediaType, metadata);
    }

    private ArtifactRecord record(StoredObject stored, String kind, String mediaType, Map<String, Object> metadata) {
        ArtifactRecord record = ArtifactRecord.of(stored, kind, mediaType, metadata);
        lineage.recordArtifact(record);
        return record;
    }

    public ArtifactStore store() {
        return store;
    }

    public LineageStore lineage() {
        return lineage;
    }
}
