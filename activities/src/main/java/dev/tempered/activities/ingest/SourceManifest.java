package dev.tempered.activities.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.util.List;

/**
 * The input of {@code ingest}: which uploaded files to read, in order. Paths are as the user named
 * them relative to the source root, so the same data gives the same manifest (and cache key)
 * wherever the checkout lives.
 */
public record SourceManifest(@JsonProperty("format") String format, List<Entry> entries, List<Skipped> skipped) {
    public static final String FORMAT = "tempered.sources/v1";
    public static final String KIND = "source-manifest";

    public enum SourceKind {
        warc,
        html
    }

    /** One file to read. */
    public record Entry(String path, SourceKind kind, String digest, long size) {}

    /** A file found in a source directory that ingest cannot read (wrong type), kept for the report. */
    public record Skipped(String path, String reason) {}

    public SourceManifest {
        entries = entries == null ? List.of() : List.copyOf(entries);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    public byte[] toJson() {
        return Json.writeBytes(this);
    }

    public static SourceManifest parse(byte[] json, String digest) {
        SourceManifest m;
        try {
            m = Json.MAPPER.readValue(json, SourceManifest.class);
        } catch (IOException e) {
            throw new InvalidStageInputException(
                    "source manifest " + digest + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(m.format())) {
            throw new InvalidStageInputException("artifact " + digest + " is not a source manifest (format '"
                    + m.format() + "', expected '" + FORMAT + "')");
        }
        return m;
    }
}
