package dev.tempered.app.cli;

import dev.tempered.app.config.CallerPaths;
import dev.tempered.app.platform.PipelineFile;
import dev.tempered.app.platform.PipelineSubmitter;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.ProgressPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** README command 1: the whole platform, the demo pipeline, progress, then exit (or stay up). */
@Command(name = "demo", description = "Start the embedded platform and run the demo pipeline on the sample corpus.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    /** The demo pipeline, in the Tempered checkout wherever the command is typed. */
    static final Path DEMO_PIPELINE = Path.of("examples", "pipelines", "demo.yaml");

    @Option(
            names = "--pipeline",
            paramLabel = "FILE",
            description = "Pipeline file (default: examples/pipelines/demo.yaml in the Tempered checkout).")
    Path pipeline;

    @Option(names = "--no-cache", description = "Re-run every stage even if an identical earlier run succeeded.")
    boolean noCache;

    @Option(names = "--keep-running", description = "Keep the platform and dashboard up after the pipeline ends.")
    boolean keepRunning;

    @Option(
            names = "--human",
            description = "Label stages wait for people: prints the labeler URL and credentials, keeps running.")
    boolean human;

    @Override
    public Integer call() throws Exception {
        PipelineFile file = PipelineFile.read(
                pipeline != null ? pipeline : CallerPaths.home().resolve(DEMO_PIPELINE));
        var out = System.out;
        if (human) keepRunning = true;
        Platform platform = PlatformRunner.startAll(global.config(), out);
        try {
            if (human) {
                String web = dev.tempered.activities.chat.label.LabelApiLocation.current()
                        .orElseThrow()
                        .toString();
                file = HumanLabeling.forPeople(file, platform.lineage().dataSource(), web, out);
            }
            String runId = PipelineSubmitter.submit(platform, file, noCache);
            out.println("run " + runId + " (" + file.spec().stages().size() + " stages)");
            boolean ok = ProgressPrinter.follow(platform.client(), runId, out);
            if (ok) {
                WarningsPrinter.print(platform.lineage(), runId, out);
                SamplePrinter.print(platform.lineage(), runId, out);
                ChatExchangePrinter.print(platform.lineage(), platform.store(), runId, out);
                ReportCardPrinter.print(platform.lineage(), platform.store(), runId, out);
            }
            ClosingHint.print(platform.lineage(), runId, out);
            if (keepRunning) {
                out.println("platform keeps running; Ctrl-C stops it");
                PlatformRunner.awaitShutdown(platform, out);
            }
            return ok ? 0 : 1;
        } finally {
            if (!keepRunning) platform.close();
        }
    }
}
