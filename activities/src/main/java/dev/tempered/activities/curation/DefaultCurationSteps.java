package dev.tempered.activities.curation;

import dev.tempered.activities.curation.dedup.MinHashConfig;
import dev.tempered.activities.curation.dedup.MinHashDeduplication;
import dev.tempered.activities.curation.extract.ExtractionResult;
import dev.tempered.activities.curation.extract.MainTextExtractor;
import dev.tempered.activities.curation.filters.C4QualityFilter;
import dev.tempered.activities.curation.filters.FineWebQualityFilter;
import dev.tempered.activities.curation.filters.GopherQualityFilter;
import dev.tempered.activities.curation.filters.GopherRepetitionFilter;
import dev.tempered.activities.curation.filters.UrlFilter;
import dev.tempered.activities.curation.lang.LanguageFilter;
import dev.tempered.activities.curation.pii.PiiRedactor;
import dev.tempered.activities.curation.pii.PiiResult;
import dev.tempered.activities.curation.pii.PiiScanException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The FineWeb recipe in Tempered's classes, in datatrove's order: URL filter, main-text
 * extraction, language, Gopher repetition, Gopher quality, C4, FineWeb quality; then MinHash
 * dedup and PII removal across shards. Every filter runs with its published defaults except
 * what the stage's params set.
 */
public final class DefaultCurationSteps implements CurationSteps {
    private final MainTextExtractor extractor = new MainTextExtractor();
    private final PiiRedactor piiRedactor;

    public DefaultCurationSteps() {
        this(new PiiRedactor());
    }

    /** With a given redactor, e.g. one with a smaller read budget per document. */
    public DefaultCurationSteps(PiiRedactor piiRedactor) {
        this.piiRedactor = piiRedactor;
    }

    @Override
    public ShardCurator curator(CurationParams params) {
        List<DocumentFilter> filters = new ArrayList<>();
        filters.add(new LanguageFilter(params.languages(), params.languageThreshold()));
        for (String name : params.qualityFilters()) filters.add(qualityFilter(name, params));
        return new ShardCurator(params.urlFilter() ? new UrlFilter() : null, this::extract, filters);
    }

    private static DocumentFilter qualityFilter(String name, CurationParams params) {
        return switch (name) {
            case "gopher_repetition" -> new GopherRepetitionFilter();
            case "gopher_quality" -> new GopherQualityFilter();
            // FineWeb runs C4 with defaults except the terminal-punctuation rule, which it turns off.
            case "c4_quality" -> params.c4FilterNoTerminalPunct() ? new C4QualityFilter() : C4QualityFilter.fineWeb();
            case "fineweb_quality" -> new FineWebQualityFilter();
            default -> throw new IllegalArgumentException("unknown quality filter '" + name + "'");
        };
    }

    private ShardCurator.Extraction extract(dev.tempered.activities.ingest.RawPage page) {
        ExtractionResult result = extractor.extract(page.body(), page.declaredCharset(), page.url());
        if (result instanceof ExtractionResult.Text text)
            return ShardCurator.Extraction.text(text.text(), text.metadata());
        return ShardCurator.Extraction.drop(((ExtractionResult.Failure) result).reason());
    }

    @Override
    public Deduplication deduplication(CurationParams params) {
        return new MinHashDeduplication(MinHashConfig.defaults());
    }

    @Override
    public TextTransform pii(CurationParams params) {
        if (!params.pii()) return null;
        return new TextTransform() {
            @Override
            public String name() {
                return "pii";
            }

            @Override
            public Map<String, Long> transform(Document doc) {
                Map<String, Long> counts = new TreeMap<>();
                PiiResult result;
                try {
                    result = piiRedactor.redact(doc);
                } catch (PiiScanException e) {
                    throw new TextTransform.Rejected(e.reason(), "document " + doc.id() + ": " + e.getMessage(), e);
                }
                result.counts().forEach((type, n) -> {
                    if (n > 0) counts.put(type.name().toLowerCase(Locale.ROOT), n.longValue());
                });
                return counts;
            }
        };
    }
}
