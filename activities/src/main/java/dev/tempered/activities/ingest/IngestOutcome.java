package dev.tempered.activities.ingest;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.ingest.IngestCheckpoint.IngestError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a finished ingest means for the run. No pages at all fails the stage, naming each source
 * and why it gave nothing (a plain-text file given as a WARC used to "succeed" with 0 pages, and
 * curate, the tokenizer and pretrain then ran on nothing). There is no threshold parameter: a
 * param would enter ingest's cache key and invalidate every cached ingest. Input that was only
 * partly readable (a WARC cut short, malformed records) passes with one warning sentence per
 * source, which the stage summary carries under {@code warnings}.
 *
 * <p>Not handled here: pages that curation later drops; that is curate's own summary.
 */
final class IngestOutcome {
    private IngestOutcome() {}

    /** Throws when {@code end} has no pages at all, explaining each source. */
    static void requirePages(SourceManifest sources, IngestCheckpoint end) {
        if (end.pages() > 0) return;
        List<String> why = new ArrayList<>();
        Map<String, List<IngestError>> bySource = bySource(end);
        for (SourceManifest.Entry entry : sources.entries()) {
            List<IngestError> errors = bySource.get(entry.path());
            if (errors != null) why.add(describe(entry.path(), errors));
        }
        if (!end.skipped().isEmpty()) why.add("records skipped: " + counts(end.skipped()));
        if (why.isEmpty()) why.add("the sources hold no HTTP responses with pages");
        throw new InvalidStageInputException("ingest found no pages in " + sourceNames(sources) + ": "
                + String.join("; ", why)
                + ". Give WARC files (.warc, .warc.gz) or directories of .html files; curate, the tokenizer and"
                + " pretrain would otherwise run on nothing.");
    }

    /** One sentence per source that was only partly readable. */
    static List<String> warnings(SourceManifest sources, IngestCheckpoint end) {
        List<String> warnings = new ArrayList<>();
        bySource(end).forEach((path, errors) -> warnings.add(describe(path, errors) + "."));
        long counted =
                end.malformed().values().stream().mapToLong(Long::longValue).sum();
        if (counted > end.errors().size()) {
            warnings.add((counted - end.errors().size()) + " more malformed records were counted but not kept in detail"
                    + " (by reason: " + counts(end.malformed()) + ").");
        }
        return warnings;
    }

    private static Map<String, List<IngestError>> bySource(IngestCheckpoint end) {
        Map<String, List<IngestError>> m = new LinkedHashMap<>();
        for (IngestError e : end.errors())
            m.computeIfAbsent(e.path(), k -> new ArrayList<>()).add(e);
        return m;
    }

    /** A sentence (without its full stop) about one source's errors, led by its first. */
    private static String describe(String path, List<IngestError> errors) {
        IngestError first = errors.get(0);
        String sentence = switch (first.reason()) {
            case "not-warc" -> path + " is not a WARC file (" + first.message() + ")";
            case "truncated" ->
                path + " is cut short: the file ends inside the record at byte " + first.offset() + " ("
                        + first.message() + "); the pages before it were kept";
            case "unreadable" ->
                path + " could not be read after byte " + first.offset() + " (" + first.message() + ")";
            default ->
                path + " has a malformed record at byte " + first.offset() + " (" + first.reason() + ": "
                        + first.message() + "); reading went on at the next record";
        };
        if (errors.size() > 1)
            sentence += ", and " + (errors.size() - 1) + " more malformed record" + (errors.size() == 2 ? "" : "s")
                    + " (" + reasons(errors) + ")";
        return sentence;
    }

    private static String reasons(List<IngestError> errors) {
        return errors.stream()
                .skip(1)
                .collect(Collectors.groupingBy(IngestError::reason, java.util.TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String sourceNames(SourceManifest sources) {
        List<SourceManifest.Entry> entries = sources.entries();
        if (entries.size() <= 3) {
            return entries.stream().map(SourceManifest.Entry::path).collect(Collectors.joining(", "));
        }
        return entries.size() + " sources (" + entries.get(0).path() + ", …)";
    }
}
