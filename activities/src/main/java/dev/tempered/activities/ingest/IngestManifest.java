package dev.tempered.activities.ingest;

import dev.tempered.activities.ingest.IngestCheckpoint.IngestError;
import dev.tempered.activities.ingest.IngestCheckpoint.ShardRef;
import java.util.List;
import java.util.Map;

/**
 * The primary output of {@code ingest}: the shards in order plus everything a user needs to see
 * what was read and what was not. Its bytes are a function of the inputs and params only.
 */
public record IngestManifest(
        String format,
        String shardFormat,
        List<SourceManifest.Entry> sources,
        List<SourceManifest.Skipped> skippedFiles,
        List<ShardRef> shards,
        long pages,
        long bodyBytes,
        Map<String, Long> skipped,
        Map<String, Long> malformed,
        List<IngestError> errors) {
    public static final String FORMAT = "tempered.raw-pages-manifest/v1";
    public static final String KIND = "raw-pages-manifest";

    static IngestManifest of(SourceManifest sources, IngestCheckpoint end) {
        return new IngestManifest(
                FORMAT,
                RawPageShardWriter.FORMAT,
                sources.entries(),
                sources.skipped(),
                end.shards(),
                end.pages(),
                end.bodyBytes(),
                end.skipped(),
                end.malformed(),
                end.errors());
    }
}
