package dev.tempered.activities.curation;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Dropped documents of one step, so a user can see why a page went: gzip JSON lines of
 * {@code id, url, step, reason, rule, excerpt} (format {@code tempered.exclusions/v1}). The
 * excerpt is the start of the text the step saw, not the whole document.
 */
public final class ExclusionWriter implements AutoCloseable {
    public static final String FORMAT = "tempered.exclusions/v1";
    static final int EXCERPT_CHARS = 600;

    private final Path file;
    private final OutputStream raw;
    private final GZIPOutputStream out;
    private int count;

    public ExclusionWriter(Path file) throws IOException {
        this(file, Files.newOutputStream(file));
    }

    /** Writes to {@code raw}, the open stream of {@code file}; closing this closes it. */
    ExclusionWriter(Path file, OutputStream raw) throws IOException {
        this.file = file;
        this.raw = raw;
        try {
            this.out = new GZIPOutputStream(raw, 1 << 14);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    public void write(String step, String reason, Document doc) throws IOException {
        String text = doc.text() == null ? "" : doc.text();
        write(step, reason, doc, text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "…");
    }

    /**
     * Records a page whose text must not be shown, such as one the PII scanner could not finish: its
     * excerpt would carry the very emails and phone numbers the step exists to remove.
     */
    public void writeWithheld(String step, String reason, Document doc) throws IOException {
        int length = doc.text() == null ? 0 : doc.text().length();
        write(step, reason, doc, "[text withheld: " + length + " characters not scanned for PII]");
    }

    private void write(String step, String reason, Document doc, String excerpt) throws IOException {
        try (JsonGenerator g =
                Json.MAPPER.getFactory().createGenerator(TextShardWriter.nonClosing(out), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", doc.id());
            g.writeStringField("url", doc.url());
            g.writeStringField("step", step);
            g.writeStringField("reason", reason);
            Object rule = doc.metadata().get("url_filter_rule");
            g.writeStringField("rule", rule == null ? null : rule.toString());
            g.writeStringField("excerpt", excerpt);
            g.writeEndObject();
        }
        out.write('\n');
        count++;
    }

    public int count() {
        return count;
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
}
