package dev.tempered.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Warnings a stage leaves in its summary JSON under {@code warnings} (a list of sentences: a WARC
 * cut short, malformed records), and the status a person reads for a run that finished with some:
 * {@code succeeded with warnings}. Derived here, in one place, for {@code runs}, {@code show}, the
 * progress lines and the dashboard; the stored status stays {@code succeeded} (no schema change),
 * and the JSON shapes keep {@code status} machine-readable and add the {@code warnings} list.
 *
 * <pre>
 * String shown = StageWarnings.displayStatus(run);   // "succeeded with warnings"
 * List&lt;String&gt; all = StageWarnings.of(run);          // ["ingest: cut.warc.gz is cut short: …"]
 * </pre>
 */
public final class StageWarnings {
    /** The summary key holding the warning sentences. */
    public static final String KEY = "warnings";

    /** What a succeeded run with warnings is called wherever people read a status. */
    public static final String SUCCEEDED_WITH_WARNINGS = "succeeded with warnings";

    private StageWarnings() {}

    /** The warning sentences in one stage's summary (none when absent or not a list of strings). */
    public static List<String> of(StageRunRecord stage) {
        if (stage.summary() == null || !(stage.summary().get(KEY) instanceof List<?> list)) return List.of();
        return list.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList();
    }

    /** Every stage's warnings, each led by the stage's name. */
    public static List<String> of(PipelineRunRecord run) {
        List<String> all = new ArrayList<>();
        for (StageRunRecord s : run.stages()) {
            for (String w : of(s)) all.add(s.stage() + ": " + w);
        }
        return all;
    }

    /** The run's stored status, or {@code succeeded with warnings} for a succeeded run whose stages warned. */
    public static String displayStatus(PipelineRunRecord run) {
        return displayStatus(run.status(), !of(run).isEmpty());
    }

    /** The stage's stored status, or {@code succeeded with warnings} when it succeeded and warned. */
    public static String displayStatus(StageRunRecord stage) {
        return displayStatus(stage.status(), !of(stage).isEmpty());
    }

    private static String displayStatus(StageStatus status, boolean warned) {
        return status == StageStatus.SUCCEEDED && warned ? SUCCEEDED_WITH_WARNINGS : status.dbValue();
    }
}
