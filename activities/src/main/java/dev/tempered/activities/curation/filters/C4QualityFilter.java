package dev.tempered.activities.curation.filters;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.DocumentFilter;
import dev.tempered.activities.curation.FilterDecision;
import dev.tempered.activities.curation.text.EnglishWords;
import dev.tempered.activities.curation.text.PythonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * C4's line and page heuristics (Raffel et al. 2020) with datatrove 0.10.1's semantics. Line by
 * line: drop lines holding a word over {@code maxWordLength}, strip Wikipedia citations, drop lines
 * without terminal punctuation (unless disabled, as FineWeb does), with fewer than
 * {@code minWordsPerLine} words, mentioning javascript, or with a cookie/terms-of-use phrase. The
 * page is dropped for {@code lorem ipsum}, a curly bracket, or fewer than {@code minNumSentences}
 * sentences in the kept lines. A kept page's text becomes its kept lines: the filter rewrites the
 * document and records, under {@code c4_lines_removed}, how many lines each rule removed.
 *
 * <p>Only datatrove's default {@code split_paragraph=True} mode (lines are paragraphs); the
 * sentence-splitting mode is not implemented. The bad-words rule is a separate filter in datatrove
 * and is not here.
 *
 * <p>Drop reasons: {@code lorem_ipsum}, {@code curly_bracket}, {@code too_few_sentences}.
 */
public final class C4QualityFilter implements DocumentFilter {
    private static final Pattern CITATION = Pattern.compile("\\[\\d*]|\\[edit]|\\[citation needed]");
    private static final String[] END_PUNCTUATION = {".", "?", "!", "\"", "'"};
    private static final List<String> POLICY_SUBSTRINGS =
            List.of("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies");

    private final boolean removeCitations;
    private final boolean filterNoTerminalPunct;
    private final int minNumSentences;
    private final int minWordsPerLine;
    private final int maxWordLength;
    private final boolean filterLoremIpsum;
    private final boolean filterJavascript;
    private final boolean filterCurlyBracket;
    private final boolean filterPolicy;

    /** datatrove's published defaults. */
    public C4QualityFilter() {
        this(true, true, 5, 3, 1000, true, true, true, true);
    }

    /** The configuration FineWeb used: defaults but {@code filter_no_terminal_punct=False}. */
    public static C4QualityFilter fineWeb() {
        return new C4QualityFilter(true, false, 5, 3, 1000, true, true, true, true);
    }

    /**
     * @param removeCitations strip {@code [1]}, {@code [edit]}, {@code [citation needed]} (default true)
     * @param filterNoTerminalPunct drop lines not ending in {@code . ? ! " '} or ending in
     *     {@code ...} (default true; FineWeb false)
     * @param minNumSentences fewest sentences in the kept lines; -1 disables (default 5)
     * @param minWordsPerLine fewest whitespace-separated words per kept line (default 3)
     * @param maxWordLength longest word a kept line may hold; -1 disables (default 1000)
     * @param filterLoremIpsum drop pages containing "lorem ipsum" (default true)
     * @param filterJavascript drop lines mentioning "javascript" (default true)
     * @param filterCurlyBracket drop pages with a {@code {} in a kept line (default true)
     * @param filterPolicy drop lines with a cookie or terms-of-use phrase (default true)
     */
    public C4QualityFilter(
            boolean removeCitations,
            boolean filterNoTerminalPunct,
            int minNumSentences,
            int minWordsPerLine,
            int maxWordLength,
            boolean filterLoremIpsum,
            boolean filterJavascript,
            boolean filterCurlyBracket,
            boolean filterPolicy) {
        this.removeCitations = removeCitations;
        this.filterNoTerminalPunct = filterNoTerminalPunct;
        this.minNumSentences = minNumSentences;
        this.minWordsPerLine = minWordsPerLine;
        this.maxWordLength = maxWordLength;
        this.filterLoremIpsum = filterLoremIpsum;
        this.filterJavascript = filterJavascript;
        this.filterCurlyBracket = filterCurlyBracket;
        this.filterPolicy = filterPolicy;
    }

    @Override
    public String name() {
        return "c4_quality";
    }

    @Override
    public FilterDecision filter(Document doc) {
        Map<String, Integer> removed = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        int sentences = 0;
        for (String raw : PythonText.splitlines(doc.text())) {
            String line = PythonText.strip(raw);
            List<String> words = PythonText.splitWhitespace(line);
            if (maxWordLength != -1 && words.stream().anyMatch(w -> PythonText.len(w) > maxWordLength)) {
                removed.merge("too_long_word", 1, Integer::sum);
                continue;
            }
            if (removeCitations) line = CITATION.matcher(line).replaceAll("");
            if (filterNoTerminalPunct && (!endsWithAny(line) || line.endsWith("..."))) {
                removed.merge("no_terminal_punc", 1, Integer::sum);
                continue;
            }
            // Words are counted before citations were removed, as in datatrove.
            if (words.size() < minWordsPerLine) {
                removed.merge("too_few_words", 1, Integer::sum);
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (filterLoremIpsum && lower.contains("lorem ipsum")) return FilterDecision.drop("lorem_ipsum");
            if (filterJavascript && lower.contains("javascript")) {
                removed.merge("javascript", 1, Integer::sum);
                continue;
            }
            if (filterCurlyBracket && line.contains("{")) return FilterDecision.drop("curly_bracket");
            if (filterPolicy && POLICY_SUBSTRINGS.stream().anyMatch(lower::contains)) {
                removed.merge("policy", 1, Integer::sum);
                continue;
            }
            if (minNumSentences != -1) sentences += EnglishWords.sentenceCount(line);
            kept.add(line);
        }
        if (sentences < minNumSentences) return FilterDecision.drop("too_few_sentences");
        doc.replaceText(PythonText.strip(String.join("\n", kept)));
        doc.metadata().put("c4_lines_removed", removed);
        return FilterDecision.KEEP;
    }

    private static boolean endsWithAny(String line) {
        for (String p : END_PUNCTUATION) {
            if (line.endsWith(p)) return true;
        }
        return false;
    }
}
