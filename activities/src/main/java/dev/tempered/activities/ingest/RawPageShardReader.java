package dev.tempered.activities.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.storage.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a {@code tempered.raw-pages/v1} shard written by {@link RawPageShardWriter}, page by page.
 * A shard that is not gzip, or a line that is not a page, fails with the shard and line named:
 * shards are our own output, so damage means storage corruption, not bad web data.
 */
public final class RawPageShardReader implements AutoCloseable {
    private final BufferedReader lines;
    private final String shardName;
    private long lineNumber;

    public RawPageShardReader(InputStream in, String shardName) {
        this.shardName = shardName;
        try {
            this.lines = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
        } catch (ZipException e) {
            throw new InvalidStageInputException("raw-pages shard " + shardName + " is not gzip: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read raw-pages shard " + shardName, e);
        }
    }

    /** The next page, or null at the end of the shard. */
    public RawPage next() throws IOException {
        String line;
        try {
            line = lines.readLine();
        } catch (java.io.EOFException | ZipException e) {
            throw new InvalidStageInputException(
                    "raw-pages shard " + shardName + " is truncated after line " + lineNumber, e);
        }
        if (line == null) return null;
        lineNumber++;
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            String fetch = text(n, "fetch_time");
            return new RawPage(
                    n.get("url").asText(),
                    fetch == null ? null : Instant.parse(fetch),
                    text(n, "content_type"),
                    text(n, "declared_charset"),
                    n.get("http_status").asInt(),
                    n.get("source").asText(),
                    n.get("source_offset").asLong(),
                    Base64.getDecoder().decode(n.get("body_b64").asText()));
        } catch (RuntimeException | IOException e) {
            throw new InvalidStageInputException(
                    "raw-pages shard " + shardName + " line " + lineNumber + " is not a raw page: " + e.getMessage(),
                    e);
        }
    }

    public long lineNumber() {
        return lineNumber;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
