package dev.tempered.app.cli;

import dev.tempered.storage.ArtifactRecord;
import java.util.Map;

/**
 * The file name {@code artifacts get D -o DIR/} gives an artifact: a source file keeps its own name
 * (the {@code path} its import recorded), anything else is {@code <kind>-<12 digest characters>}
 * with an extension for its media type, e.g. {@code text-shard-3f9a0c1b2d4e.jsonl.gz}.
 */
final class ArtifactFileName {
    private static final Map<String, String> EXTENSIONS = Map.of(
            "application/json", ".json",
            "application/x-ndjson+gzip", ".jsonl.gz",
            "text/html", ".html",
            "application/xhtml+xml", ".xhtml",
            "text/plain", ".txt",
            "application/warc", ".warc");

    private ArtifactFileName() {}

    static String of(ArtifactRecord a) {
        if (a.metadata() != null && a.metadata().get("path") instanceof String path && !path.isBlank()) {
            String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
            // A recorded path is data, not a place: only a plain file name is taken from it.
            if (!name.isEmpty() && !name.equals(".") && !name.equals("..")) return name;
        }
        String ext = a.mediaType() == null ? ".bin" : EXTENSIONS.getOrDefault(a.mediaType(), ".bin");
        return a.kind() + "-" + a.digest().substring(0, 12) + ext;
    }
}
