package dev.tempered.activities.curation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.storage.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads a {@code tempered.text/v1} shard back into documents, naming the shard and line on damage. */
public final class TextShardReader implements AutoCloseable {
    private final BufferedReader lines;
    private final String shardName;
    private long lineNumber;

    public TextShardReader(InputStream in, String shardName) throws IOException {
        this.shardName = shardName;
        try {
            this.lines =
                    new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
        } catch (java.util.zip.ZipException e) {
            throw new InvalidStageInputException("text shard " + shardName + " is not gzip: " + e.getMessage(), e);
        }
    }

    /** The next document, or null at the end. */
    @SuppressWarnings("unchecked")
    public Document next() throws IOException {
        String line = lines.readLine();
        if (line == null) return null;
        lineNumber++;
        try {
            JsonNode n = Json.MAPPER.readTree(line);
            Map<String, Object> metadata = new LinkedHashMap<>(Json.MAPPER.convertValue(n.get("metadata"), Map.class));
            if (!n.get("lang").isNull()) metadata.put("lang", n.get("lang").asText());
            if (!n.get("lang_score").isNull())
                metadata.put("lang_score", n.get("lang_score").asDouble());
            return new Document(
                    n.get("id").asText(), n.get("url").asText(), n.get("text").asText(), metadata);
        } catch (RuntimeException e) {
            throw new InvalidStageInputException(
                    "text shard " + shardName + " line " + lineNumber + " is not a document: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
