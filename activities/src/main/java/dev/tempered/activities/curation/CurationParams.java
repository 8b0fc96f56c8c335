package dev.tempered.activities.curation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validated parameters of stage {@code curate} (defaults and ranges in its catalog entry).
 *
 * @param languages           languages kept (ISO 639-1 as fastText's lid.176 names them)
 * @param languageThreshold   minimum top-language probability (FineWeb: 0.65)
 * @param chunkDocs           pages per checkpoint inside a shard: a crash loses at most this much work
 * @param urlFilter           run the URL blocklist filter
 * @param qualityFilters      quality filters in order, from gopher_repetition, gopher_quality,
 *                            c4_quality, fineweb_quality
 * @param dedup               MinHash deduplication across the dataset
 * @param pii                 replace emails, phone numbers, IPs and street addresses by placeholders
 * @param c4FilterNoTerminalPunct C4's rule dropping lines without terminal punctuation (FineWeb: off)
 */
public record CurationParams(Set<String> languages, double languageThreshold, int chunkDocs, boolean urlFilter,
                             List<String> qualityFilters, boolean dedup, boolean pii, boolean c4FilterNoTerminalPunct) {
    public static final List<String> QUALITY_FILTERS =
            List.of("gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality");

    @SuppressWarnings("unchecked")
    public static CurationParams from(Map<String, Object> normalized) {
        List<String> quality = (List<String>) normalized.get("quality_filters");
        for (String q : quality) {
            if (!QUALITY_FILTERS.contains(q)) {
                throw new IllegalArgumentException("curate.params.quality_filters: unknown filter '" + q + "'; known: " + QUALITY_FILTERS);
            }
        }
        return new CurationParams(Set.copyOf((List<String>) normalized.get("languages")),
                ((Number) normalized.get("language_threshold")).doubleValue(),
                ((Number) normalized.get("chunk_docs")).intValue(),
                (Boolean) normalized.get("url_filter"), List.copyOf(quality),
                (Boolean) normalized.get("dedup"), (Boolean) normalized.get("pii"),
                (Boolean) normalized.get("c4_filter_no_terminal_punct"));
    }
}
