package dev.tempered.activities.curation.extract;

import java.util.Map;

/** The outcome of extracting one page: its main text, or a reason why there is none. */
public sealed interface ExtractionResult {

    /** Metadata keys are snake_case, as on {@link dev.tempered.activities.curation.Document}. */
    Map<String, Object> metadata();

    /**
     * @param text plain text, one block (heading, paragraph, list item, table cell, code line)
     *     per line, whitespace collapsed, no blank lines
     * @param metadata {@code title}, {@code charset}, {@code charset_source},
     *     {@code charset_declared}, {@code charset_disagrees}, {@code extracted_chars},
     *     {@code link_density}, and {@code charset_note} when a declaration was overridden
     */
    record Text(String text, Map<String, Object> metadata) implements ExtractionResult {}

    /**
     * @param reason one of {@code extract:binary}, {@code extract:empty}, {@code extract:too_large},
     *     {@code extract:no_main_content}, {@code extract:malformed}
     * @param detail what was wrong, for a person: e.g. {@code PNG signature at offset 0}
     */
    record Failure(String reason, String detail, Map<String, Object> metadata) implements ExtractionResult {}
}
