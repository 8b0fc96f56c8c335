package dev.tempered.activities.curation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Documents and bytes into and out of one curation step, and its drops by reason. */
public final class StepStats {
    long docsIn;
    long docsOut;
    long bytesIn;
    long bytesOut;
    final Map<String, Long> drops = new TreeMap<>();

    void in(long bytes) {
        docsIn++;
        bytesIn += bytes;
    }

    void out(long bytes) {
        docsOut++;
        bytesOut += bytes;
    }

    void drop(String reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    void add(StepStats other) {
        docsIn += other.docsIn;
        docsOut += other.docsOut;
        bytesIn += other.bytesIn;
        bytesOut += other.bytesOut;
        other.drops.forEach((k, v) -> drops.merge(k, v, Long::sum));
    }

    public long docsIn() {
        return docsIn;
    }

    public long docsOut() {
        return docsOut;
    }

    public Map<String, Long> drops() {
        return drops;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("docs_in", docsIn);
        m.put("docs_out", docsOut);
        m.put("bytes_in", bytesIn);
        m.put("bytes_out", bytesOut);
        m.put("drops", new TreeMap<>(drops));
        return m;
    }

    @SuppressWarnings("unchecked")
    static StepStats fromMap(Map<String, Object> m) {
        StepStats s = new StepStats();
        s.docsIn = ((Number) m.get("docs_in")).longValue();
        s.docsOut = ((Number) m.get("docs_out")).longValue();
        s.bytesIn = ((Number) m.get("bytes_in")).longValue();
        s.bytesOut = ((Number) m.get("bytes_out")).longValue();
        ((Map<String, Object>) m.getOrDefault("drops", Map.of()))
                .forEach((k, v) -> s.drops.put(k, ((Number) v).longValue()));
        return s;
    }
}
