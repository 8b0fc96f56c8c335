package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Cancels a running pipeline; its running stage ends as cancelled. */
@Command(name = "cancel", description = "Cancel a running pipeline run.")
public final class CancelCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "RUN")
    String run;

    @Override
    public Integer call() {
        try (Platform platform = Platform.connect(global.config(), true)) {
            String id = platform.lineage()
                    .resolveRunId(run)
                    .orElseThrow(() -> new IllegalArgumentException("no run '" + run + "'"));
            platform.client().newUntypedWorkflowStub(id).cancel();
            System.out.println("cancel requested for " + id);
            return 0;
        }
    }
}
