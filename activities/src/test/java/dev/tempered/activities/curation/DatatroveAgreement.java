package dev.tempered.activities.curation;

import dev.tempered.activities.curation.filters.C4QualityFilter;
import dev.tempered.activities.curation.filters.FineWebQualityFilter;
import dev.tempered.activities.curation.filters.GopherQualityFilter;
import dev.tempered.activities.curation.filters.GopherRepetitionFilter;
import dev.tempered.activities.curation.text.TsvEscapes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compares our filters with datatrove's on the same texts, by hand (not a unit test: it needs the
 * output of bench/curation/datatrove_filters.py, which needs Python and spaCy):
 * <pre>
 *   java -cp ... dev.tempered.activities.curation.CorpusDump /tmp/corpus.tsv
 *   /tmp/dtvenv/bin/python bench/curation/datatrove_filters.py /tmp/corpus.tsv > /tmp/datatrove.tsv
 *   java -cp ... dev.tempered.activities.curation.DatatroveAgreement /tmp/corpus.tsv /tmp/datatrove.tsv
 * </pre>
 * Prints, per filter, how often keep/drop agree and how often the reason agrees too, then the
 * disagreements. With {@code --urls URLS.tsv DATATROVE.tsv} it compares the URL filter instead
 * (URLS.tsv: {@code id<TAB>url}; DATATROVE.tsv from {@code datatrove_filters.py --urls}).
 */
public final class DatatroveAgreement {
    /** datatrove's URLFilter reasons, in ours. */
    private static final Map<String, String> URL_REASONS = Map.of(
            "domain",
            "url:banned_domain",
            "subdomain",
            "url:banned_subdomain",
            "url",
            "url:banned_url",
            "hard_blacklisted",
            "url:banned_word",
            "soft_blacklisted",
            "url:soft_banned_words",
            "blacklisted_subword",
            "url:banned_subword");

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--urls")) {
            urls(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            texts.put(line.substring(0, tab), TsvEscapes.unescape(line.substring(tab + 1)));
        }
        Map<String, String> reference = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            reference.put(f[0] + "\t" + f[1], f[2].equals("keep") ? "keep" : f[3]);
        }
        Map<String, Supplier<DocumentFilter>> filters = new LinkedHashMap<>();
        filters.put("gopher_repetition", GopherRepetitionFilter::new);
        filters.put("gopher_quality", GopherQualityFilter::new);
        filters.put("c4_quality", C4QualityFilter::new);
        filters.put("c4_quality_fineweb", C4QualityFilter::fineWeb);
        filters.put("fineweb_quality", FineWebQualityFilter::new);
        StringBuilder diffs = new StringBuilder();
        for (var e : filters.entrySet()) {
            DocumentFilter filter = e.getValue().get();
            int n = 0, decision = 0, reason = 0;
            for (var t : texts.entrySet()) {
                String ref = reference.get(t.getKey() + "\t" + e.getKey());
                if (ref == null) continue;
                FilterDecision d = filter.filter(new Document(t.getKey(), t.getKey(), t.getValue()));
                String ours = d.keep() ? "keep" : d.reason();
                n++;
                if (d.keep() == ref.equals("keep")) decision++;
                if (ours.equals(ref)) reason++;
                else
                    diffs.append(e.getKey())
                            .append('\t')
                            .append(t.getKey())
                            .append("\tdatatrove=")
                            .append(ref)
                            .append("\tours=")
                            .append(ours)
                            .append('\n');
            }
            System.out.printf(
                    "%-20s n=%d  keep/drop agree %.1f%%  reason agree %.1f%%%n",
                    e.getKey(), n, 100.0 * decision / n, 100.0 * reason / n);
        }
        System.out.print(diffs);
    }

    /** {@code --urls URLS.tsv DATATROVE.tsv}: the URL filter, decisions and reasons. */
    private static void urls(Path urlsTsv, Path reference) throws IOException {
        Map<String, String> ref = new HashMap<>();
        for (String line : Files.readAllLines(reference, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            ref.put(f[0], f[2].equals("keep") ? "keep" : URL_REASONS.getOrDefault(f[3], f[3]));
        }
        var filter = new dev.tempered.activities.curation.filters.UrlFilter();
        int n = 0, decision = 0, reason = 0;
        StringBuilder diffs = new StringBuilder();
        for (String line : Files.readAllLines(urlsTsv, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 2);
            FilterDecision d = filter.filter(new Document(f[0], f[1], ""));
            String ours = d.keep() ? "keep" : d.reason();
            String theirs = ref.get(f[0]);
            n++;
            if (d.keep() == theirs.equals("keep")) decision++;
            if (ours.equals(theirs)) reason++;
            else
                diffs.append(f[1])
                        .append("\tdatatrove=")
                        .append(theirs)
                        .append("\tours=")
                        .append(ours)
                        .append('\n');
        }
        System.out.printf(
                "url_filter n=%d  keep/drop agree %.1f%%  reason agree %.1f%%%n",
                n, 100.0 * decision / n, 100.0 * reason / n);
        System.out.print(diffs);
    }
}
