package dev.tempered.app.temporal;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records as {@code lost} the runs that lineage shows as running but that Temporal no longer runs,
 * so that the CLI, the JSON API and the dashboard all show one status (they read lineage). Two
 * moments find them: the start of a process that owns a fresh embedded Temporal server (the old
 * server's workflows lived in its memory, so every run recorded as running is lost by
 * construction), and any look at runs that asks Temporal ({@link LostRuns}), which is how
 * deployments on a real Temporal cluster converge. A run that finishes between the look and the
 * write keeps its outcome: only a run still recorded as running is marked.
 */
public final class LostRunReconciler {
    /** Why a run recorded as running is lost after a restart of the embedded platform. */
    public static final String RESTARTED = "lost: the platform stopped while it ran (the embedded Temporal server"
            + " keeps workflows in memory); run the pipeline again: finished stages come from the cache and"
            + " training resumes from its last checkpoint";

    /** Why a run is lost when Temporal, asked, no longer runs its workflow. */
    public static final String GONE = "lost: Temporal no longer runs its workflow (the platform stopped or the"
            + " workflow was terminated from outside); run the pipeline again: finished stages come from the"
            + " cache and training resumes from its last checkpoint";

    private LostRunReconciler() {}

    /**
     * At the start of a process that has just started the embedded Temporal server of a data
     * directory whose lineage it alone uses: marks every run recorded as running lost. Returns their ids.
     */
    public static List<String> afterEmbeddedRestart(LineageStore lineage) {
        List<String> lost = new ArrayList<>();
        for (String id : lineage.runningRunIds()) if (lineage.markRunLost(id, RESTARTED)) lost.add(id);
        return lost;
    }

    /**
     * Asks Temporal which of {@code runs} recorded as running it still runs, and marks the others
     * lost. Returns the ids it marked; callers that hold records read them again when it is not empty.
     */
    public static Set<String> reconcile(
            List<PipelineRunRecord> runs,
            LineageStore lineage,
            WorkflowClient client,
            Supplier<TemporalCapabilities> caps) {
        Set<String> gone = LostRuns.among(runs, client, caps);
        return gone.stream()
                .filter(id -> lineage.markRunLost(id, GONE))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
