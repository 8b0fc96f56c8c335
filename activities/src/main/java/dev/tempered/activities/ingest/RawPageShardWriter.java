package dev.tempered.activities.ingest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes raw pages as gzip-compressed JSON lines, format {@code tempered.raw-pages/v1}, one
 * object per line: {@code url, fetch_time, content_type, declared_charset, http_status, source,
 * source_offset, body_b64}. The bytes depend only on the pages (Java's gzip header carries no
 * time), so a resumed ingest writes byte-identical shards.
 */
final class RawPageShardWriter implements AutoCloseable {
    static final String FORMAT = "tempered.raw-pages/v1";
    static final String MEDIA_TYPE = "application/x-ndjson+gzip";

    private final Path file;
    private final GZIPOutputStream gzip;
    private int pages;

    RawPageShardWriter(Path file) throws IOException {
        this.file = file;
        this.gzip = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    void append(RawPage page) throws IOException {
        // Serialise into a reused buffer first: its length is the line's uncompressed size.
        line.reset();
        write(page, line);
        line.write('\n');
        line.writeTo(gzip);
        uncompressed += line.size();
        pages++;
    }

    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(1 << 16);
    private long uncompressed;

    private static void write(RawPage page, OutputStream out) throws IOException {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("url", page.url());
            g.writeStringField(
                    "fetch_time",
                    page.fetchTime() == null ? null : page.fetchTime().toString());
            g.writeStringField("content_type", page.contentType());
            g.writeStringField("declared_charset", page.declaredCharset());
            g.writeNumberField("http_status", page.httpStatus());
            g.writeStringField("source", page.sourceDigest());
            g.writeNumberField("source_offset", page.sourceOffset());
            g.writeFieldName("body_b64");
            g.writeBinary(page.body());
            g.writeEndObject();
        }
    }

    /** Uncompressed bytes written so far: what the shard size limit measures. */
    long uncompressedBytes() {
        return uncompressed;
    }

    int pages() {
        return pages;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        gzip.close();
    }
}
