package dev.tempered.activities.ingest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an interrupted ingest resumes: taken each time a shard is published, so it always sits
 * on a shard boundary. Everything before {@code recordsDone} items of source {@code sourceIndex}
 * is in {@code shards} or counted; a retry skips that far and continues identically.
 */
public record IngestCheckpoint(
        int sourceIndex,
        long recordsDone,
        List<ShardRef> shards,
        long pages,
        long bodyBytes,
        Map<String, Long> skipped,
        Map<String, Long> malformed,
        List<IngestError> errors) {

    /** One published shard of raw pages. */
    public record ShardRef(String digest, int pages, long bytes) {}

    /** A malformed record or file, named for the user. */
    public record IngestError(String path, long offset, String reason, String message) {}

    public IngestCheckpoint {
        shards = List.copyOf(shards);
        skipped = new TreeMap<>(skipped);
        malformed = new TreeMap<>(malformed);
        errors = List.copyOf(errors);
    }

    public static IngestCheckpoint start() {
        return new IngestCheckpoint(0, 0, List.of(), 0, 0, Map.of(), Map.of(), List.of());
    }
}
