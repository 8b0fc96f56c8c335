package dev.tempered.bench;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.workflows.TaskQueues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Orchestration overhead of Tempered on the embedded platform, against bare Temporal activity
 * dispatch on the same server in the same run. Starts the platform in a temporary data
 * directory, runs each pipeline length next to its bare peer, prints tables
 * and a markdown summary, and writes {@code orchestration-<date>.json}.
 *
 * <p>Not measured here: real stage work, artifact I/O, external (non-embedded) services, or
 * concurrent pipelines. Run by hand with {@code bench/run-orchestration.sh}; never in CI.
 */
@Command(
        name = "run-orchestration.sh",
        mixinStandardHelpOptions = true,
        description = "Measure Tempered's per-stage orchestration overhead against bare Temporal activity dispatch.")
public final class OrchestrationBench implements Callable<Integer> {
    @Option(
            names = "--stages",
            split = ",",
            defaultValue = "1,10,50",
            description = "Pipeline lengths to measure, in no-op stages (default: ${DEFAULT-VALUE}).")
    List<Integer> stages;

    @Option(
            names = "--repetitions",
            defaultValue = "10",
            description = "Measured runs of each pipeline length (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(
            names = "--warmup",
            defaultValue = "2",
            description = "Unmeasured rounds first, for JIT and connection pools (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--single-activity-workflows",
            defaultValue = "100",
            description =
                    "One-activity workflows timed end to end, the peer of a 1-stage pipeline (default: ${DEFAULT-VALUE}).")
    int singleActivityWorkflows;

    @Option(
            names = "--out",
            defaultValue = "bench/results",
            description = "Folder for the JSON result (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--keep-data",
            description = "Keep the temporary data directory (logs, database) after a successful run.")
    boolean keepData;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OrchestrationBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (stages.isEmpty() || stages.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--stages: each length must be >= 1, got " + stages);
        }
        if (repetitions < 1 || warmup < 0 || singleActivityWorkflows < 1) {
            throw new IllegalArgumentException(
                    "--repetitions and --single-activity-workflows must be >= 1, --warmup >= 0");
        }
        stages = stages.stream().distinct().sorted().toList();
        Path tmp = Files.createTempDirectory("tempered-bench-");
        // Before the first logger exists: the platform's logback.xml writes under this folder.
        System.setProperty("TEMPERED_LOG_DIR", tmp.resolve("logs").toString());
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();

        System.out.println("starting the embedded platform in " + tmp + " …");
        long t0 = System.nanoTime();
        OrchestrationReport report;
        TemperedConfig config = TemperedConfig.load(null, Map.of())
                .withDataDir(tmp.resolve("data"))
                .withWebPort(0);
        try (Platform platform = Platform.start(config)) {
            platform.own(Workers.start(platform, Set.copyOf(TaskQueues.ALL)));
            DispatchBench bare = DispatchBench.start(platform);
            PipelineOverheadBench pipelines = new PipelineOverheadBench(platform);
            System.out.printf(
                    "platform up in %.1f s (sticky workflows: %s)%n",
                    (System.nanoTime() - t0) / 1e9, platform.stickyWorkflows());

            for (int w = 0; w < warmup; w++) {
                System.out.printf("warm-up %d/%d%n", w + 1, warmup);
                for (int n : stages) {
                    pipelines.runOnce(n, "warmup" + w);
                    bare.pingSequentially(bareCalls(n));
                }
                for (int i = 0; i < 10; i++) bare.oneActivityWorkflow();
            }

            Map<Integer, List<PipelineOverheadBench.Run>> runs = new LinkedHashMap<>();
            Map<Integer, List<DispatchBench.Run>> bareRuns = new LinkedHashMap<>();
            List<Double> singleActivityMs = new ArrayList<>();
            int singlesPerRep = (singleActivityWorkflows + repetitions - 1) / repetitions;
            for (int r = 0; r < repetitions; r++) {
                // Each pipeline length right next to its peer, so background load falls on both alike.
                for (int n : stages) {
                    PipelineOverheadBench.Run run = pipelines.runOnce(n, "r" + r);
                    runs.computeIfAbsent(n, k -> new ArrayList<>()).add(run);
                    DispatchBench.Run peer = bare.pingSequentially(bareCalls(n));
                    bareRuns.computeIfAbsent(n, k -> new ArrayList<>()).add(peer);
                    System.out.printf(
                            "rep %d/%d  %3d-stage pipeline %8.1f ms   %3d-call bare workflow %8.1f ms%n",
                            r + 1, repetitions, n, run.wallMs(), peer.calls(), peer.wallMs());
                }
                for (int i = 0; i < singlesPerRep; i++) singleActivityMs.add(bare.oneActivityWorkflow());
            }
            // Temporal's own record of the same runs says where each cycle's time went.
            Map<String, HistoryBreakdown.Summary> breakdown = new LinkedHashMap<>();
            for (int n : stages) {
                HistoryBreakdown pipeline = new HistoryBreakdown();
                for (PipelineOverheadBench.Run run : runs.get(n)) pipeline.add(platform.client(), run.runId());
                breakdown.put("pipeline, " + n + " stages", pipeline.summary());
                HistoryBreakdown peer = new HistoryBreakdown();
                for (DispatchBench.Run run : bareRuns.get(n)) peer.add(platform.client(), run.workflowId());
                breakdown.put("bare, " + bareCalls(n) + " calls", peer.summary());
            }
            report = OrchestrationReport.of(config(), runs, bareRuns, singleActivityMs, breakdown);
        }
        report.print(System.out);
        Files.createDirectories(out);
        Path json = out.resolve("orchestration-" + LocalDate.now() + ".json");
        report.writeJson(json);
        System.out.println("wrote " + json);
        if (keepData) {
            System.out.println("kept data and logs in " + tmp);
        } else {
            deleteRecursively(tmp);
        }
        return 0;
    }

    /**
     * The peer of an N-stage pipeline makes as many activity calls (3 per stage), so both
     * histories grow alike: the embedded server runs without sticky caching, and every workflow
     * task replays the whole history. At least 2, so there is a cycle to measure.
     */
    static int bareCalls(int stages) {
        return Math.max(2, OrchestrationReport.ACTIVITIES_PER_STAGE * stages);
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("stages", stages);
        c.put("repetitions", repetitions);
        c.put("warmup", warmup);
        c.put("bare_calls", stages.stream().map(OrchestrationBench::bareCalls).toList());
        c.put("single_activity_workflows", singleActivityWorkflows);
        return c;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
