package dev.tempered.activities.curation;

import java.util.Map;

/**
 * A step that rewrites text instead of dropping documents (PII removal). Returns what it changed,
 * by kind, for the funnel.
 */
public interface TextTransform {
    String name();

    Map<String, Long> transform(Document doc);
}
