package dev.tempered.activities.curation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A text document moving through curation: extracted text plus metadata that steps add to
 * (language and score, quality statistics, PII counts). Steps may replace the text (PII
 * removal); everything else about a document is immutable.
 */
public final class Document {
    private final String id;
    private final String url;
    private String text;
    private final Map<String, Object> metadata;

    public Document(String id, String url, String text, Map<String, Object> metadata) {
        this.id = id;
        this.url = url;
        this.text = text;
        this.metadata = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
    }

    public Document(String id, String url, String text) {
        this(id, url, text, Map.of());
    }

    /** Stable id: derived from the source artifact and record offset, so reruns agree. */
    public String id() {
        return id;
    }

    public String url() {
        return url;
    }

    public String text() {
        return text;
    }

    public void replaceText(String newText) {
        this.text = newText;
    }

    /** Mutable metadata; keys are snake_case ({@code lang}, {@code lang_score}). */
    public Map<String, Object> metadata() {
        return metadata;
    }
}
