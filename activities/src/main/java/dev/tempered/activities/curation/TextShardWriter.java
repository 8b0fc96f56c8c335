package dev.tempered.activities.curation;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes curated documents as gzip JSON lines, format {@code tempered.text/v1}: one object per
 * line with {@code id, url, text, lang, lang_score, metadata}. The tokenizer stages read these.
 */
public final class TextShardWriter implements AutoCloseable {
    public static final String FORMAT = "tempered.text/v1";
    public static final String MEDIA_TYPE = "application/x-ndjson+gzip";

    private final Path file;
    private final OutputStream raw;
    private final GZIPOutputStream out;
    private int docs;
    private long textBytes;

    public TextShardWriter(Path file) throws IOException {
        this(file, Files.newOutputStream(file));
    }

    /** Writes to {@code raw}, the open stream of {@code file}; closing this closes it. */
    TextShardWriter(Path file, OutputStream raw) throws IOException {
        this.file = file;
        this.raw = raw;
        try {
            this.out = new GZIPOutputStream(raw, 1 << 16);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    public void write(Document doc) throws IOException {
        Map<String, Object> metadata = new TreeMap<>(doc.metadata());
        Object lang = metadata.remove("lang");
        Object langScore = metadata.remove("lang_score");
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(nonClosing(out), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", doc.id());
            g.writeStringField("url", doc.url());
            g.writeStringField("text", doc.text());
            g.writeObjectField("lang", lang);
            g.writeObjectField("lang_score", langScore);
            g.writeObjectField("metadata", metadata);
            g.writeEndObject();
        }
        out.write('\n');
        docs++;
        textBytes += doc.text().getBytes(StandardCharsets.UTF_8).length;
    }

    public int docs() {
        return docs;
    }

    public long textBytes() {
        return textBytes;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        // GZIPOutputStream.close() leaves the file open when writing the gzip trailer fails (JDK 17).
        try (OutputStream file = raw) {
            out.close();
        }
    }

    static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
