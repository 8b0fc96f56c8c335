package dev.tempered.app;

import dev.tempered.app.cli.ArtifactsCommand;
import dev.tempered.app.cli.CancelCommand;
import dev.tempered.app.cli.ChatCommand;
import dev.tempered.app.cli.DemoCommand;
import dev.tempered.app.cli.HelpOptions;
import dev.tempered.app.cli.LineageCommand;
import dev.tempered.app.cli.ModelsCommand;
import dev.tempered.app.cli.RunCommand;
import dev.tempered.app.cli.RunsCommand;
import dev.tempered.app.cli.SampleCommand;
import dev.tempered.app.cli.ScheduleCommand;
import dev.tempered.app.cli.ShowCommand;
import dev.tempered.app.cli.UpCommand;
import dev.tempered.app.cli.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tempered} command. */
@Command(
        name = "tempered",
        mixinStandardHelpOptions = true,
        version = "tempered 0.1.0",
        description = "Build a small ChatGPT-style model end to end as durable Temporal workflows.",
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            RunCommand.class,
            RunsCommand.class,
            ShowCommand.class,
            LineageCommand.class,
            ArtifactsCommand.class,
            SampleCommand.class,
            ChatCommand.class,
            WorkerCommand.class,
            CancelCommand.class,
            ScheduleCommand.class,
            dev.tempered.app.cli.UsersCommand.class,
            ModelsCommand.class
        })
public final class Main {
    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(run(args));
    }

    /** The command tree with {@code --help} on every command. */
    public static CommandLine commandLine() {
        return HelpOptions.addEverywhere(new CommandLine(new Main()));
    }

    /** Runs a command line and returns its exit code; errors are printed as one clear line. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException
                    || e instanceof java.io.IOException
                    // The registry's refusals (no such version, nothing to roll back to, not awaiting
                    // a decision) are the user's to fix, not stack traces.
                    || e instanceof dev.tempered.storage.registry.RegistryException
                    || e instanceof dev.tempered.workflows.registry.PromotionApprovals.RefusedException) {
                commandLine.getErr().println("tempered: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
