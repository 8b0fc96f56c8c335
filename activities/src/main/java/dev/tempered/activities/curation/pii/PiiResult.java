package dev.tempered.activities.curation.pii;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What {@link PiiRedactor#redact} replaced: counts by type and the spans in the original text. */
public record PiiResult(Map<PiiType, Integer> counts, List<PiiSpan> spans) {
    public PiiResult {
        counts = Map.copyOf(counts);
        spans = List.copyOf(spans);
    }

    static PiiResult of(List<PiiSpan> spans) {
        Map<PiiType, Integer> counts = new EnumMap<>(PiiType.class);
        for (PiiType t : PiiType.values()) counts.put(t, 0);
        for (PiiSpan s : spans) counts.merge(s.type(), 1, Integer::sum);
        return new PiiResult(counts, spans);
    }

    public int count(PiiType type) {
        return counts.getOrDefault(type, 0);
    }

    public int total() {
        return spans.size();
    }
}
