package dev.tempered.bench.curation;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.DocumentFilter;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.filters.C4QualityFilter;
import dev.tempered.activities.curation.filters.FineWebQualityFilter;
import dev.tempered.activities.curation.filters.GopherQualityFilter;
import dev.tempered.activities.curation.filters.GopherRepetitionFilter;
import dev.tempered.activities.curation.text.TsvEscapes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tempered's quality filters over a TSV of texts, in the output format of
 * {@code bench/curation/datatrove_filters.py}, so the curation bench can compare the two filter
 * chains on identical text (each side's extracted text given to both), apart from extraction.
 *
 * <p>Input: {@code id<TAB>text} with {@code \\ \t \n \r} escaped. Output on stdout:
 * {@code id<TAB>filter<TAB>keep|drop<TAB>reason}. The filters are the curate stage's defaults,
 * C4 without the terminal-punctuation rule as in FineWeb; each sees the original text.
 */
public final class FiltersOnTexts {
    private FiltersOnTexts() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FiltersOnTexts TEXTS.tsv");
            System.exit(2);
        }
        Map<String, DocumentFilter> filters = new LinkedHashMap<>();
        filters.put("gopher_repetition", new GopherRepetitionFilter());
        filters.put("gopher_quality", new GopherQualityFilter());
        filters.put("c4_quality", C4QualityFilter.fineWeb());
        filters.put("fineweb_quality", new FineWebQualityFilter());
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                String id = line.substring(0, tab);
                String text = TsvEscapes.unescape(line.substring(tab + 1));
                for (var f : filters.entrySet()) {
                    FilterDecision d = f.getValue().filter(new Document(id, id, text));
                    out.write(id + "\t" + f.getKey() + "\t" + (d.keep() ? "keep\t" : "drop\t" + d.reason()));
                    out.newLine();
                }
            }
        }
    }
}
