package dev.tempered.activities.curation;

import dev.tempered.activities.ingest.RawPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-page part of curation, free of Temporal and storage: URL filter, text extraction, then
 * the text filters in order, counting every step into a {@link Funnel}. The first drop ends a
 * page's way; C4's line removal and similar edits change the text it carries on.
 */
public final class ShardCurator {
    public static final String URL_STEP = "url_filter";
    public static final String EXTRACT_STEP = "extract";

    /** Turns page bytes into text or a drop reason (e.g. {@code extract:binary}). */
    @FunctionalInterface
    public interface PageExtractor {
        Extraction extract(RawPage page);
    }

    /** Exactly one of {@code text} and {@code dropReason} is set. */
    public record Extraction(String text, String dropReason, Map<String, Object> metadata) {
        public static Extraction text(String text, Map<String, Object> metadata) {
            return new Extraction(text, null, metadata);
        }

        public static Extraction drop(String reason) {
            return new Extraction(null, reason, Map.of());
        }
    }

    /** What became of one page. */
    public sealed interface Outcome {
        Document doc();

        record Kept(Document doc) implements Outcome {}

        record Dropped(String step, String reason, Document doc) implements Outcome {}
    }

    private final DocumentFilter urlFilter;
    private final PageExtractor extractor;
    private final List<DocumentFilter> textFilters;

    /** @param urlFilter null to skip URL filtering */
    public ShardCurator(DocumentFilter urlFilter, PageExtractor extractor, List<DocumentFilter> textFilters) {
        this.urlFilter = urlFilter;
        this.extractor = extractor;
        this.textFilters = List.copyOf(textFilters);
    }

    /** Step names in order, for reports. */
    public List<String> stepNames() {
        List<String> names = new java.util.ArrayList<>();
        if (urlFilter != null) names.add(URL_STEP);
        names.add(EXTRACT_STEP);
        for (DocumentFilter f : textFilters) names.add(f.name());
        return names;
    }

    public Outcome curate(RawPage page, Funnel funnel) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (page.fetchTime() != null)
            metadata.put("fetch_time", page.fetchTime().toString());
        metadata.put("source", page.sourceDigest());
        metadata.put("source_offset", page.sourceOffset());
        Document doc = new Document(documentId(page), page.url(), "", metadata);
        long raw = page.body().length;

        if (urlFilter != null) {
            StepStats step = funnel.step(URL_STEP);
            step.in(raw);
            FilterDecision d = urlFilter.filter(doc);
            if (!d.keep()) {
                step.drop(d.reason());
                return new Outcome.Dropped(URL_STEP, d.reason(), doc);
            }
            step.out(raw);
        }

        StepStats extract = funnel.step(EXTRACT_STEP);
        extract.in(raw);
        Extraction ex = extractor.extract(page);
        if (ex.dropReason() != null) {
            extract.drop(ex.dropReason());
            return new Outcome.Dropped(EXTRACT_STEP, ex.dropReason(), doc);
        }
        doc.replaceText(ex.text());
        doc.metadata().putAll(ex.metadata());
        long bytes = utf8Length(doc.text());
        extract.out(bytes);

        for (DocumentFilter filter : textFilters) {
            StepStats step = funnel.step(filter.name());
            step.in(bytes);
            FilterDecision d = filter.filter(doc);
            if (!d.keep()) {
                step.drop(d.reason());
                return new Outcome.Dropped(filter.name(), d.reason(), doc);
            }
            bytes = utf8Length(doc.text());
            step.out(bytes);
        }
        return new Outcome.Kept(doc);
    }

    /** Stable across runs: the source file's digest prefix and the record's offset in it. */
    static String documentId(RawPage page) {
        return page.sourceDigest().substring(0, 16) + ":" + page.sourceOffset();
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }
}
