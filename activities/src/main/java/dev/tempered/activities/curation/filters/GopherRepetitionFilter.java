package dev.tempered.activities.curation.filters;

import static dev.tempered.activities.curation.text.PythonText.findDuplicates;
import static dev.tempered.activities.curation.text.PythonText.len;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.DocumentFilter;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.text.EnglishWords;
import dev.tempered.activities.curation.text.PythonText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gopher's repetition rules (Rae et al. 2021, table A1) with datatrove 0.10.1's semantics:
 * duplicate paragraphs and lines (by count and by characters), the most frequent 2-, 3- and
 * 4-gram's share of the characters, and the share of characters inside repeated 5- to 10-grams.
 * A threshold of {@code 0} disables its rule, as {@code None} does in datatrove. English words only
 * (see {@link EnglishWords}); fractions are of code points, as Python's {@code len}.
 *
 * <p>Drop reasons: {@code empty}, {@code dup_para_frac}, {@code dup_para_char_frac},
 * {@code dup_line_frac}, {@code dup_line_char_frac}, {@code top_<n>_gram},
 * {@code duplicated_<n>_n_grams}.
 */
public final class GopherRepetitionFilter implements DocumentFilter {
    private static final Pattern PARAGRAPHS = Pattern.compile("\n{2,}");
    private static final Pattern LINES = Pattern.compile("\n+");

    /** An n-gram size and the largest share of characters it may take. */
    public record NGramLimit(int n, double maxFraction) {}

    private final double dupLineFrac;
    private final double dupParaFrac;
    private final double dupLineCharFrac;
    private final double dupParaCharFrac;
    private final List<NGramLimit> topNGrams;
    private final List<NGramLimit> dupNGrams;

    /** datatrove's published defaults, which are Gopher's. */
    public GopherRepetitionFilter() {
        this(
                0.3,
                0.3,
                0.2,
                0.2,
                List.of(new NGramLimit(2, 0.2), new NGramLimit(3, 0.18), new NGramLimit(4, 0.16)),
                List.of(
                        new NGramLimit(5, 0.15),
                        new NGramLimit(6, 0.14),
                        new NGramLimit(7, 0.13),
                        new NGramLimit(8, 0.12),
                        new NGramLimit(9, 0.11),
                        new NGramLimit(10, 0.10)));
    }

    /**
     * @param dupLineFrac most duplicate lines, as a share of lines (default 0.3)
     * @param dupParaFrac most duplicate paragraphs, as a share of paragraphs (default 0.3)
     * @param dupLineCharFrac most characters in duplicate lines, as a share of all (default 0.2)
     * @param dupParaCharFrac most characters in duplicate paragraphs (default 0.2)
     * @param topNGrams most characters the top n-gram may cover, times its count
     * @param dupNGrams most characters inside repeated n-grams
     */
    public GopherRepetitionFilter(
            double dupLineFrac,
            double dupParaFrac,
            double dupLineCharFrac,
            double dupParaCharFrac,
            List<NGramLimit> topNGrams,
            List<NGramLimit> dupNGrams) {
        this.dupLineFrac = dupLineFrac;
        this.dupParaFrac = dupParaFrac;
        this.dupLineCharFrac = dupLineCharFrac;
        this.dupParaCharFrac = dupParaCharFrac;
        this.topNGrams = List.copyOf(topNGrams);
        this.dupNGrams = List.copyOf(dupNGrams);
    }

    @Override
    public String name() {
        return "gopher_repetition";
    }

    @Override
    public FilterDecision filter(Document doc) {
        String text = doc.text();
        if (text == null || text.isEmpty()) return FilterDecision.drop("empty");
        double textLen = len(text);

        List<String> paragraphs = Arrays.asList(PARAGRAPHS.split(PythonText.strip(text), -1));
        long[] para = findDuplicates(paragraphs);
        if (dupParaFrac > 0 && (double) para[0] / paragraphs.size() > dupParaFrac)
            return FilterDecision.drop("dup_para_frac");
        if (dupParaCharFrac > 0 && para[1] / textLen > dupParaCharFrac)
            return FilterDecision.drop("dup_para_char_frac");

        List<String> lines = Arrays.asList(LINES.split(text, -1));
        long[] line = findDuplicates(lines);
        if (dupLineFrac > 0 && (double) line[0] / lines.size() > dupLineFrac)
            return FilterDecision.drop("dup_line_frac");
        if (dupLineCharFrac > 0 && line[1] / textLen > dupLineCharFrac)
            return FilterDecision.drop("dup_line_char_frac");

        List<String> words = EnglishWords.words(text);
        for (NGramLimit limit : topNGrams) {
            if (words.size() < limit.n()) continue;
            if (topNGramChars(words, limit.n()) / textLen > limit.maxFraction()) {
                return FilterDecision.drop("top_" + limit.n() + "_gram");
            }
        }
        for (NGramLimit limit : dupNGrams) {
            if (repeatedNGramChars(words, limit.n()) / textLen > limit.maxFraction()) {
                return FilterDecision.drop("duplicated_" + limit.n() + "_n_grams");
            }
        }
        return FilterDecision.KEEP;
    }

    /**
     * datatrove's {@code find_top_duplicate}: length of the most frequent space-joined n-gram times
     * its count; among equally frequent n-grams the first seen wins, as with {@code Counter.most_common}.
     */
    static long topNGramChars(List<String> words, int n) {
        Map<String, int[]> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        List<String> order = new ArrayList<>();
        for (int i = 0; i + n <= words.size(); i++) {
            String gram = String.join(" ", words.subList(i, i + n));
            int[] c = counts.get(gram);
            if (c == null) {
                counts.put(gram, c = new int[1]);
                order.add(gram);
            }
            c[0]++;
        }
        for (String gram : order) {
            int c = counts.get(gram)[0];
            if (c > bestCount) {
                bestCount = c;
                best = gram;
            }
        }
        return best == null ? 0 : (long) len(best) * bestCount;
    }

    /**
     * datatrove's {@code find_all_duplicate}: walks the words; an n-gram (joined without spaces)
     * seen before adds its length and skips n words, otherwise the walk moves one word on.
     */
    static long repeatedNGramChars(List<String> words, int n) {
        Set<String> seen = new HashSet<>();
        long repeated = 0;
        int idx = 0;
        while (idx < words.size() - n + 1) {
            String gram = String.join("", words.subList(idx, idx + n));
            if (seen.contains(gram)) {
                repeated += len(gram);
                idx += n;
            } else {
                seen.add(gram);
                idx++;
            }
        }
        return repeated;
    }
}
