package dev.tempered.activities.curation.lang;

import dev.tempered.activities.curation.Document;
import dev.tempered.activities.curation.DocumentFilter;
import dev.tempered.activities.curation.FilterDecision;
import java.util.Set;

/**
 * Keeps documents in the wanted languages, after datatrove's {@code LanguageFilter} with the
 * FT176 backend: the top lid.176 label over the whole text must be one of {@code languages} and
 * score strictly above {@code threshold}.
 *
 * <p>Writes {@code lang} (lid.176 code, e.g. {@code en}) and {@code lang_score} (0..1) into the
 * metadata of every document it sees, kept or not. Drop reasons: {@code language:<lang>} when the
 * top language is not wanted (e.g. {@code language:fr}), {@code language_low_score} when it is
 * wanted but scores at or below the threshold, {@code language_empty} when the model returns no
 * label at all (not possible with lid.176, whose vocabulary holds the end-of-line token).
 *
 * <p>Not handled: per-paragraph languages (a mostly-English page with a French quote is judged as
 * a whole), scripts ({@code sr} in Latin or Cyrillic is one label), and thresholds below 0.5 with
 * several wanted languages: datatrove would then keep a document whose second-best language is
 * wanted and above the threshold; this filter only looks at the best.
 */
public final class LanguageFilter implements DocumentFilter {
    /** English only, as FineWeb. */
    public static final Set<String> DEFAULT_LANGUAGES = Set.of("en");
    /** FineWeb's threshold on the lid.176 score of the top language. */
    public static final double DEFAULT_THRESHOLD = 0.65;

    private final LanguageIdentifier lid;
    private final Set<String> languages;
    private final double threshold;

    public LanguageFilter() {
        this(DEFAULT_LANGUAGES, DEFAULT_THRESHOLD);
    }

    /**
     * @param languages lid.176 codes to keep, e.g. {@code en}, {@code de}, {@code zh}
     * @param threshold minimum score of the top language, exclusive; 0.65 in FineWeb
     */
    public LanguageFilter(Set<String> languages, double threshold) {
        this(LanguageIdentifier.lid176(), languages, threshold);
    }

    public LanguageFilter(LanguageIdentifier lid, Set<String> languages, double threshold) {
        if (languages == null || languages.isEmpty()) {
            throw new IllegalArgumentException("languages must name at least one lid.176 code, e.g. Set.of(\"en\")");
        }
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
        }
        for (String l : languages) {
            if (!lid.model().labels().contains(l)) {
                throw new IllegalArgumentException("language '" + l + "' is not a lid.176 label; see "
                        + "https://fasttext.cc/docs/en/language-identification.html for the 176 codes");
            }
        }
        this.lid = lid;
        this.languages = Set.copyOf(languages);
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "language";
    }

    @Override
    public FilterDecision filter(Document doc) {
        Prediction top = lid.identify(doc.text());
        if (top == null) return FilterDecision.drop("language_empty");
        doc.metadata().put("lang", top.label());
        doc.metadata().put("lang_score", top.probability());
        if (!languages.contains(top.label())) return FilterDecision.drop("language:" + top.label());
        if (top.probability() <= threshold) return FilterDecision.drop("language_low_score");
        return FilterDecision.KEEP;
    }
}
