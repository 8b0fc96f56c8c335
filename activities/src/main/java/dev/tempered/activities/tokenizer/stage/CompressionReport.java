package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.tokenizer.BpeEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well a tokenizer compresses held-out text, next to GPT-2's and GPT-4's: bytes per token
 * overall and per language, and the longest tokens it learned.
 */
final class CompressionReport {
    private final Map<String, BpeEncoder> encoders = new LinkedHashMap<>();
    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private final Map<String, Map<String, long[]>> byLanguage = new TreeMap<>();
    private long bytes;
    private long docs;

    CompressionReport(BpeEncoder ours) {
        encoders.put("tempered", ours);
        encoders.put("gpt2", ReferenceTokenizers.gpt2());
        encoders.put("cl100k", ReferenceTokenizers.cl100k());
        encoders.keySet().forEach(k -> totals.put(k, new long[1]));
    }

    void add(Document doc) {
        long b = doc.text().getBytes(StandardCharsets.UTF_8).length;
        String lang = String.valueOf(doc.metadata().getOrDefault("lang", "unknown"));
        bytes += b;
        docs++;
        for (Map.Entry<String, BpeEncoder> e : encoders.entrySet()) {
            int n = e.getValue().encodeOrdinary(doc.text()).length;
            totals.get(e.getKey())[0] += n;
            long[] perLang = byLanguage
                    .computeIfAbsent(lang, k -> new LinkedHashMap<>())
                    .computeIfAbsent(e.getKey(), k -> new long[2]);
            perLang[0] += b;
            perLang[1] += n;
        }
    }

    Map<String, Object> toMap(List<byte[]> tokensByRank) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("held_out_docs", docs);
        m.put("held_out_bytes", bytes);
        Map<String, Object> bpt = new LinkedHashMap<>();
        totals.forEach((name, n) -> bpt.put(name, n[0] == 0 ? null : round((double) bytes / n[0])));
        m.put("bytes_per_token", bpt);
        Map<String, Object> langs = new LinkedHashMap<>();
        byLanguage.forEach((lang, perEncoder) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            perEncoder.forEach((name, v) -> row.put(name, v[1] == 0 ? null : round((double) v[0] / v[1])));
            langs.put(lang, row);
        });
        m.put("bytes_per_token_by_language", langs);
        m.put("longest_tokens", longest(tokensByRank, 20));
        return m;
    }

    /** The longest learned tokens, decoded for people (invalid UTF-8 shown with U+FFFD). */
    static List<Map<String, Object>> longest(List<byte[]> tokensByRank, int k) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 256; i < tokensByRank.size(); i++) ids.add(i);
        ids.sort(Comparator.<Integer>comparingInt(i -> -tokensByRank.get(i).length)
                .thenComparingInt(i -> i));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int id : ids.subList(0, Math.min(k, ids.size()))) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", id);
            t.put("bytes", tokensByRank.get(id).length);
            t.put("text", new String(tokensByRank.get(id), StandardCharsets.UTF_8));
            out.add(t);
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
