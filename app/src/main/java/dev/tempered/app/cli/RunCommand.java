package dev.tempered.app.cli;

import dev.tempered.app.platform.PipelineFile;
import dev.tempered.app.platform.PipelineSubmitter;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.ProgressPrinter;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits a pipeline to a running platform. */
@Command(name = "run", description = "Submit a pipeline to the running platform and follow it.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "PIPELINE.yaml")
    Path pipeline;

    @Option(names = "--no-cache", description = "Re-run every stage even if an identical earlier run succeeded.")
    boolean noCache;

    @Option(names = "--detach", description = "Print the run id and return without following the run.")
    boolean detach;

    @Override
    public Integer call() throws Exception {
        PipelineFile file = PipelineFile.read(pipeline);
        try (Platform platform = Platform.connect(global.config(), true)) {
            String runId = PipelineSubmitter.submit(platform, file, noCache);
            System.out.println("run " + runId);
            if (detach) return 0;
            boolean ok = ProgressPrinter.follow(
                    platform.client(),
                    runId,
                    System.out,
                    platform::joinedPlatformAlive,
                    stageRunId -> platform.lineage()
                            .stageRun(UUID.fromString(stageRunId))
                            .map(s -> s.summary().get("resumed"))
                            .map(Object::toString));
            if (ok) WarningsPrinter.print(platform.lineage(), runId, System.out);
            return ok ? 0 : 1;
        }
    }
}
