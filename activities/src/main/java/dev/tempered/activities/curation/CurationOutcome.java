package dev.tempered.activities.curation;

import dev.tempered.activities.InvalidStageInputException;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Curation that keeps no document fails the stage, naming its input and the step that dropped
 * the most (with its top reasons), rather than handing the tokenizer an empty corpus to train on
 * and pretrain an empty token stream.
 */
final class CurationOutcome {
    private static final int REASONS_SHOWN = 3;

    private CurationOutcome() {}

    static void requireDocs(Funnel funnel, String rawManifest, long docsKept) {
        if (docsKept > 0) return;
        long docsIn = funnel.steps().values().stream()
                .findFirst()
                .map(StepStats::docsIn)
                .orElse(0L);
        String input = "raw-pages manifest " + rawManifest.substring(0, Math.min(12, rawManifest.length()));
        if (docsIn == 0) {
            throw new InvalidStageInputException("curate got no pages from " + input + ": the ingest before it found"
                    + " none; check that stage's sources.");
        }
        Map.Entry<String, StepStats> worst = funnel.steps().entrySet().stream()
                .max(Comparator.comparingLong(
                        e -> e.getValue().docsIn() - e.getValue().docsOut()))
                .orElseThrow();
        long dropped = worst.getValue().docsIn() - worst.getValue().docsOut();
        String reasons = worst.getValue().drops().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(REASONS_SHOWN)
                .map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        throw new InvalidStageInputException(String.format(
                "curate kept no documents of the %,d pages in %s: step %s dropped %,d%s. Loosen that step's params"
                        + " (e.g. languages, language_threshold, quality_filters) or give other sources.",
                docsIn, input, worst.getKey(), dropped, reasons.isEmpty() ? "" : " (" + reasons + ")"));
    }
}
