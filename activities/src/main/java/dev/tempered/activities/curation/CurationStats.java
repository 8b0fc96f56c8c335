package dev.tempered.activities.curation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The curate stage's stats artifact (kind {@code curation-stats}, format
 * {@code tempered.curation-stats/v1}): the whole funnel, PII placeholders by type and the dedup
 * counts. Written with the platform's sorted keys, so its bytes are those of the map it replaced.
 *
 * @param funnel        step → {@code {docs_in, docs_out, bytes_in, bytes_out, drops}} ({@link Funnel#toMap()})
 * @param piiRedactions placeholders inserted by type
 * @param duplicates    documents dropped as near-duplicates
 * @param clusters      clusters of near-duplicates (one document of each is kept)
 * @param docs          documents in the final text shards
 * @param textBytes     UTF-8 bytes of their text
 */
public record CurationStats(
        String format,
        Map<String, Object> funnel,
        @JsonProperty("pii_redactions") Map<String, Long> piiRedactions,
        long duplicates,
        long clusters,
        long docs,
        @JsonProperty("text_bytes") long textBytes) {
    public static final String FORMAT = "tempered.curation-stats/v1";
    public static final String KIND = "curation-stats";
}
