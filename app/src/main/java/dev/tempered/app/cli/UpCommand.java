package dev.tempered.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the platform and keeps it running until interrupted. */
@Command(name = "up", description = "Start the embedded platform (services, workers, dashboard) and keep it running.")
public final class UpCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(
            names = "--queues",
            defaultValue = "workflows,cpu,model,gpu",
            paramLabel = "QUEUES",
            description = "Task queues to run workers for in this process (default: ${DEFAULT-VALUE}); 'none' for a "
                    + "dashboard-only process when workers run elsewhere.")
    String queues;

    @Override
    public Integer call() {
        var platform = PlatformRunner.start(global.config(), QueueList.parse(queues), System.out);
        System.out.println("submit pipelines with: ./tempered run PIPELINE.yaml   (Ctrl-C stops the platform)");
        PlatformRunner.awaitShutdown(platform, System.out);
        return 0;
    }
}
