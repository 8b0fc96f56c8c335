package dev.tempered.workflows;

import java.util.List;
import java.util.Map;

/**
 * What a stage activity returns.
 *
 * @param primary the digest passed to the next stage (a manifest for multi-file outputs); may be null
 * @param outputs every artifact written, recorded as lineage edges (the primary among them)
 * @param summary small counts shown on the dashboard (pages, malformed records by reason)
 */
public record StageResult(String primary, List<OutputRef> outputs, Map<String, Object> summary) {
    public StageResult {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        summary = summary == null ? Map.of() : summary;
    }
}
