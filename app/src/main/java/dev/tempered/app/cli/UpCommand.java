package dev.tempered.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Starts the platform and keeps it running until interrupted. */
@Command(name = "up", description = "Start the embedded platform (services, workers, dashboard) and keep it running.")
public final class UpCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        var platform = PlatformRunner.startAll(global.config(), System.out);
        System.out.println("submit pipelines with: ./tempered run PIPELINE.yaml   (Ctrl-C stops the platform)");
        PlatformRunner.awaitShutdown(platform, System.out);
        return 0;
    }
}
