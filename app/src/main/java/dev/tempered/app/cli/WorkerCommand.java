package dev.tempered.app.cli;

import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A worker process polling some queues of a running platform (external mode or this machine's). */
@Command(name = "worker", description = "Run workers for some task queues against the configured or running platform.")
public final class WorkerCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Option(
            names = "--queues",
            defaultValue = "workflows,cpu,model",
            description = "Comma-separated: workflows, cpu, model, gpu (default: ${DEFAULT-VALUE}).")
    String queues;

    @Override
    public Integer call() {
        Set<String> names = QueueList.parse(queues);
        if (names.isEmpty())
            throw new IllegalArgumentException("--queues: a worker needs at least one of workflows, cpu, model, gpu");
        Platform platform = Platform.connect(global.config(), true);
        platform.own(Workers.start(platform, names));
        System.out.println(
                "worker " + ProcessHandle.current().pid() + " polling " + names + " on " + platform.temporalTarget());
        PlatformRunner.awaitShutdown(platform, System.out);
        return 0;
    }
}
