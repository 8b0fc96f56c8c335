package dev.tempered.activities.curation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The curate stage's primary output (kind {@code text-manifest}, format
 * {@code tempered.text-manifest/v1}): its text shards in shard order, what they hold in all, the
 * raw-pages manifest they came from and the stats artifact. The tokenizer stages read it.
 *
 * @param shardFormat format of every shard ({@link TextShardWriter#FORMAT})
 * @param source      digest of the raw-pages manifest curated
 * @param stats       digest of the {@link CurationStats} artifact
 */
public record TextManifest(
        String format,
        @JsonProperty("shard_format") String shardFormat,
        String source,
        List<Shard> shards,
        long docs,
        @JsonProperty("text_bytes") long textBytes,
        String stats) {
    public static final String FORMAT = "tempered.text-manifest/v1";
    public static final String KIND = "text-manifest";

    /** One text shard: its digest, documents and UTF-8 text bytes. */
    public record Shard(
            String digest,
            int docs,
            @JsonProperty("text_bytes") long textBytes) {}
}
