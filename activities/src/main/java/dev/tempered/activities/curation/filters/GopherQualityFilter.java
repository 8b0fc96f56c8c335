package dev.tempered.activities.curation.filters;

import static dev.tempered.activities.curation.text.PythonText.count;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.DocumentFilter;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.text.EnglishWords;
import dev.tempered.activities.curation.text.Punctuation;
import dev.tempered.activities.curation.text.PythonText;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gopher's quality rules (Rae et al. 2021) with datatrove 0.10.1's semantics: document length in
 * non-symbol words, mean word length, hash and ellipsis to word ratios, bullet and trailing-ellipsis
 * line ratios, the share of words with a letter, and a minimum number of distinct stop words
 * (case-sensitive: "The" is not "the", as in datatrove). A threshold of {@code 0} disables its rule.
 * English words only (see {@link EnglishWords}).
 *
 * <p>Drop reasons: {@code gopher_short_doc}, {@code gopher_long_doc},
 * {@code gopher_below_avg_threshold}, {@code gopher_above_avg_threshold},
 * {@code gopher_too_many_hashes}, {@code gopher_too_many_ellipsis}, {@code gopher_too_many_bullets},
 * {@code gopher_too_many_end_ellipsis}, {@code gopher_below_alpha_threshold},
 * {@code gopher_enough_stop_words}.
 */
public final class GopherQualityFilter implements DocumentFilter {
    public static final List<String> STOP_WORDS = List.of("the", "be", "to", "of", "and", "that", "have", "with");

    private final int minDocWords;
    private final int maxDocWords;
    private final double minAvgWordLength;
    private final double maxAvgWordLength;
    private final double maxSymbolWordRatio;
    private final double maxBulletLinesRatio;
    private final double maxEllipsisLinesRatio;
    private final double maxNonAlphaWordsRatio;
    private final int minStopWords;
    private final Set<String> stopWords;

    /** datatrove's published defaults. */
    public GopherQualityFilter() {
        this(50, 100_000, 3, 10, 0.1, 0.9, 0.3, 0.8, 2, STOP_WORDS);
    }

    /**
     * @param minDocWords fewest non-symbol words (default 50)
     * @param maxDocWords most non-symbol words (default 100,000)
     * @param minAvgWordLength shortest mean non-symbol word, in characters (default 3)
     * @param maxAvgWordLength longest mean non-symbol word (default 10)
     * @param maxSymbolWordRatio most {@code #}, or {@code ...} and {@code …}, per word (default 0.1)
     * @param maxBulletLinesRatio most lines starting with {@code •} or {@code -} (default 0.9)
     * @param maxEllipsisLinesRatio most lines ending in an ellipsis (default 0.3)
     * @param maxNonAlphaWordsRatio despite its datatrove name, the least share of words holding a
     *     letter (default 0.8)
     * @param minStopWords fewest distinct stop words present (default 2)
     * @param stopWords the stop words (default Gopher's eight)
     */
    public GopherQualityFilter(
            int minDocWords,
            int maxDocWords,
            double minAvgWordLength,
            double maxAvgWordLength,
            double maxSymbolWordRatio,
            double maxBulletLinesRatio,
            double maxEllipsisLinesRatio,
            double maxNonAlphaWordsRatio,
            int minStopWords,
            List<String> stopWords) {
        this.minDocWords = minDocWords;
        this.maxDocWords = maxDocWords;
        this.minAvgWordLength = minAvgWordLength;
        this.maxAvgWordLength = maxAvgWordLength;
        this.maxSymbolWordRatio = maxSymbolWordRatio;
        this.maxBulletLinesRatio = maxBulletLinesRatio;
        this.maxEllipsisLinesRatio = maxEllipsisLinesRatio;
        this.maxNonAlphaWordsRatio = maxNonAlphaWordsRatio;
        this.minStopWords = minStopWords;
        this.stopWords = Set.copyOf(stopWords);
    }

    @Override
    public String name() {
        return "gopher_quality";
    }

    @Override
    public FilterDecision filter(Document doc) {
        String text = doc.text();
        List<String> words = EnglishWords.words(text);
        int nWords = words.size();
        int nonSymbol = 0;
        long nonSymbolChars = 0;
        int withLetter = 0;
        for (String w : words) {
            if (w.codePoints().anyMatch(cp -> !Punctuation.isPunctuation(cp))) {
                nonSymbol++;
                nonSymbolChars += PythonText.len(w);
            }
            if (w.codePoints().anyMatch(Character::isLetter)) withLetter++;
        }
        doc.metadata().put("gopher_words", nonSymbol);

        if (minDocWords > 0 && nonSymbol < minDocWords) return FilterDecision.drop("gopher_short_doc");
        if (maxDocWords > 0 && nonSymbol > maxDocWords) return FilterDecision.drop("gopher_long_doc");

        // numpy's mean of an empty list is NaN, and every comparison with NaN is false.
        double avg = nonSymbol == 0 ? Double.NaN : (double) nonSymbolChars / nonSymbol;
        if (minAvgWordLength > 0 && avg < minAvgWordLength) return FilterDecision.drop("gopher_below_avg_threshold");
        if (maxAvgWordLength > 0 && avg > maxAvgWordLength) return FilterDecision.drop("gopher_above_avg_threshold");

        if (maxSymbolWordRatio > 0 && (double) count(text, "#") / nWords > maxSymbolWordRatio) {
            return FilterDecision.drop("gopher_too_many_hashes");
        }
        if (maxSymbolWordRatio > 0 && (double) (count(text, "...") + count(text, "…")) / nWords > maxSymbolWordRatio) {
            return FilterDecision.drop("gopher_too_many_ellipsis");
        }

        List<String> lines = PythonText.splitlines(text);
        int bullets = 0;
        int endEllipsis = 0;
        for (String line : lines) {
            String l = PythonText.lstrip(line);
            if (l.startsWith("•") || l.startsWith("-")) bullets++;
            String r = PythonText.rstrip(line);
            if (r.endsWith("...") || r.endsWith("…")) endEllipsis++;
        }
        if (maxBulletLinesRatio > 0 && (double) bullets / lines.size() > maxBulletLinesRatio) {
            return FilterDecision.drop("gopher_too_many_bullets");
        }
        if (maxEllipsisLinesRatio > 0 && (double) endEllipsis / lines.size() > maxEllipsisLinesRatio) {
            return FilterDecision.drop("gopher_too_many_end_ellipsis");
        }
        if (maxNonAlphaWordsRatio > 0 && (double) withLetter / nWords < maxNonAlphaWordsRatio) {
            return FilterDecision.drop("gopher_below_alpha_threshold");
        }
        if (minStopWords > 0) {
            Set<String> present = new HashSet<>(words);
            present.retainAll(stopWords);
            if (present.size() < minStopWords) return FilterDecision.drop("gopher_enough_stop_words");
        }
        return FilterDecision.KEEP;
    }
}
