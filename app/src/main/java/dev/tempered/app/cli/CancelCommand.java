package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.app.temporal.LostRuns;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Cancels a run, saying in one line what happened: a running run is asked to cancel (its running
 * stage ends as {@code cancelled}); a finished one is left as it is; a lost one (recorded as lost,
 * or as running but no longer run by Temporal, e.g. after a platform restart) is cleared: recorded
 * as cancelled with its running or lost stages, so that every view shows the same status.
 */
@Command(
        name = "cancel",
        description = "Cancel a run; a lost run (the platform stopped while it ran) is marked cancelled.")
public final class CancelCommand implements Callable<Integer> {
    static final String LOST =
            "lost: Temporal no longer ran it (the platform stopped while it ran); marked cancelled by 'tempered cancel'";

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "RUN")
    String run;

    @Override
    public Integer call() {
        // Without a platform up, lineage alone: a lost run is cleared without one.
        try (Platform platform = Platform.readLineage(global.config())) {
            String id = platform.lineage()
                    .resolveRunId(run)
                    .orElseThrow(() -> new IllegalArgumentException("no run '" + run + "'"));
            PipelineRunRecord record = platform.lineage().run(id).orElseThrow();
            boolean lost = record.status() == StageStatus.LOST;
            if (!lost && record.status() != StageStatus.RUNNING) {
                System.out.println("run " + id + " already " + record.status().dbValue()
                        + (record.finished() == null ? "" : " at " + record.finished()) + "; nothing to cancel");
                return 0;
            }
            if (!lost && platform.client() == null) {
                throw new IllegalStateException("run " + id + " is recorded as running but no Tempered platform is"
                        + " running on " + global.config().dataDir() + " to cancel it; start one with ./tempered up");
            }
            if (!lost)
                lost = LostRuns.among(List.of(record), platform.client(), platform::capabilities)
                        .contains(id);
            if (!lost) {
                try {
                    platform.client().newUntypedWorkflowStub(id).cancel();
                    System.out.println("cancel requested for " + id + "; its running stage ends as cancelled");
                    return 0;
                } catch (WorkflowNotFoundException e) {
                    // Gone between the check and the request: lost after all.
                }
            }
            for (StageRunRecord s : record.stages())
                if (s.status() == StageStatus.RUNNING || s.status() == StageStatus.LOST)
                    platform.lineage().endStageRun(s.id(), StageStatus.CANCELLED, LOST);
            platform.lineage().finishPipelineRun(id, StageStatus.CANCELLED, LOST);
            System.out.println("run " + id + " was lost (Temporal no longer ran it: the platform stopped while it ran);"
                    + " marked cancelled. Run the pipeline again: finished stages come from the cache");
            return 0;
        }
    }
}
