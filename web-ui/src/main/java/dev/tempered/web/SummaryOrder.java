package dev.tempered.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order a stage's summary is shown in: its headline numbers first (the loss a training stage
 * ended at, the pages ingest read, the documents curation kept, the tokens tokenize wrote), then
 * every other key alphabetically. Summaries come back from PostgreSQL's jsonb, which keeps keys
 * shortest first, so the order a stage wrote them in is gone by the time a page reads them.
 */
final class SummaryOrder {
    /** Headline keys in the order they lead, whichever stage wrote them. */
    static final List<String> HEADLINES = List.of(
            "final_loss",
            "final_val_loss",
            "accuracy",
            "pages",
            "kept",
            "docs_out",
            "tokens",
            "documents",
            "vocab_size",
            "bytes_per_token",
            "steps",
            "resumed");

    private SummaryOrder() {}

    static Map<String, Object> ordered(Map<String, Object> summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : HEADLINES) if (summary.containsKey(key)) out.put(key, summary.get(key));
        List<String> rest = new ArrayList<>(summary.keySet());
        rest.removeAll(out.keySet());
        rest.sort(null);
        for (String key : rest) out.put(key, summary.get(key));
        return out;
    }
}
