package dev.tempered.activities.curation.filters;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.DocumentFilter;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.text.EnglishWords;
import dev.tempered.activities.curation.text.Punctuation;
import dev.tempered.activities.curation.text.PythonText;
import java.util.ArrayList;
import java.util.List;

/**
 * FineWeb's own heuristics (Penedo et al. 2024) with datatrove 0.10.1's semantics: the share of
 * non-blank lines ending in terminal punctuation (of any script), the share of short lines, the
 * characters in duplicated lines, and newlines per word (list-like pages). Custom stop characters
 * are not supported; the terminal punctuation set is datatrove's.
 *
 * <p>Drop reasons: {@code empty}, {@code line_punct_ratio}, {@code short_line_ratio},
 * {@code char_dup_ratio}, {@code list_ratio}.
 */
public final class FineWebQualityFilter implements DocumentFilter {
    private final double linePunctThr;
    private final boolean linePunctExcludeZero;
    private final double shortLineThr;
    private final int shortLineLength;
    private final double charDuplicatesRatio;
    private final double newLineRatio;

    /** datatrove's published defaults. */
    public FineWebQualityFilter() {
        this(0.12, false, 0.67, 30, 0.01, 0.3);
    }

    /**
     * @param linePunctThr least share of lines ending in terminal punctuation (default 0.12)
     * @param linePunctExcludeZero spare pages where no line ends so (default false)
     * @param shortLineThr most share of short lines (default 0.67)
     * @param shortLineLength a short line has at most this many characters (default 30)
     * @param charDuplicatesRatio most characters in duplicate lines, over all non-newline
     *     characters (default 0.01)
     * @param newLineRatio most newlines per word (default 0.3)
     */
    public FineWebQualityFilter(
            double linePunctThr,
            boolean linePunctExcludeZero,
            double shortLineThr,
            int shortLineLength,
            double charDuplicatesRatio,
            double newLineRatio) {
        this.linePunctThr = linePunctThr;
        this.linePunctExcludeZero = linePunctExcludeZero;
        this.shortLineThr = shortLineThr;
        this.shortLineLength = shortLineLength;
        this.charDuplicatesRatio = charDuplicatesRatio;
        this.newLineRatio = newLineRatio;
    }

    @Override
    public String name() {
        return "fineweb_quality";
    }

    @Override
    public FilterDecision filter(Document doc) {
        String text = doc.text();
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!PythonText.strip(line).isEmpty()) lines.add(line);
        }
        if (lines.isEmpty()) return FilterDecision.drop("empty");

        double ratio =
                (double) lines.stream().filter(Punctuation::endsWithTerminal).count() / lines.size();
        if (ratio < linePunctThr && !(ratio == 0 && linePunctExcludeZero))
            return FilterDecision.drop("line_punct_ratio");

        ratio = (double) lines.stream()
                        .filter(l -> PythonText.len(l) <= shortLineLength)
                        .count()
                / lines.size();
        if (ratio > shortLineThr) return FilterDecision.drop("short_line_ratio");

        ratio = (double) PythonText.findDuplicates(lines)[1] / PythonText.len(text.replace("\n", ""));
        if (ratio > charDuplicatesRatio) return FilterDecision.drop("char_dup_ratio");

        int words = EnglishWords.words(text).size();
        long newLines = text.chars().filter(c -> c == '\n').count();
        // datatrove divides by zero here; a page with no words is list-like enough to drop.
        if (words == 0 || (double) newLines / words > newLineRatio) return FilterDecision.drop("list_ratio");
        return FilterDecision.KEEP;
    }
}
