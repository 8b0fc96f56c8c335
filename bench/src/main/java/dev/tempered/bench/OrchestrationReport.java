package dev.tempered.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The orchestration bench's results: one row per pipeline length beside its bare-Temporal peer,
 * the ratios, where the time goes, the method in words and the machine. Printed as tables plus
 * a markdown summary, saved as JSON whose {@code format} field names and versions the layout.
 *
 * @param rows      per pipeline length: Tempered, its peer and their ratio
 * @param endToEnd  a 1-stage pipeline's wall time against a 1-activity workflow's, when N = 1 was measured
 * @param breakdown per pipeline length and per peer, queue and run time of each task kind from Temporal's history
 */
record OrchestrationReport(
        String format,
        String measuredAt,
        Map<String, Object> machine,
        Map<String, Object> config,
        Map<String, String> method,
        List<Row> rows,
        EndToEnd endToEnd,
        Map<String, HistoryBreakdown.Summary> breakdown) {
    static final String FORMAT = "tempered-bench-orchestration v1";
    /** Activities a pipeline stage makes: planStage, the stage activity, completeStage. */
    static final int ACTIVITIES_PER_STAGE = 3;

    /**
     * @param wallMs         client-side wall time of whole pipeline runs
     * @param wallPerStageMs median wall time ÷ N: begin/finish run and workflow start spread over the stages
     * @param stageCycleMs   planStage-to-planStage times from the lineage store; null for N = 1
     * @param bareCalls      activity calls in each peer workflow (3 per stage)
     * @param activityCycleMs gaps between consecutive activity starts in the peer workflows
     * @param bareMeanFromWallMs peer workflow wall time ÷ calls, a cross-check of the cycle mean
     * @param ratioP50       stage cycle p50 ÷ activity cycle p50; null for N = 1
     * @param ratioP99       stage cycle p99 ÷ activity cycle p99; null for N = 1
     * @param beyondThreeP50Ms stage cycle p50 minus three activity cycle p50s: what lineage adds beyond its three round-trips
     */
    record Row(
            int stages,
            int runs,
            Samples wallMs,
            double wallPerStageMs,
            Samples stageCycleMs,
            int bareCalls,
            Samples activityCycleMs,
            double bareMeanFromWallMs,
            Double ratioP50,
            Double ratioP99,
            Double beyondThreeP50Ms) {}

    /** @param oneActivityWorkflowMs client-side start-to-result time of one-activity bare workflows */
    record EndToEnd(double pipelineP50Ms, Samples oneActivityWorkflowMs, double ratioP50) {}

    static OrchestrationReport of(
            Map<String, Object> config,
            Map<Integer, List<PipelineOverheadBench.Run>> runs,
            Map<Integer, List<DispatchBench.Run>> bareRuns,
            List<Double> oneActivityMs,
            Map<String, HistoryBreakdown.Summary> breakdown) {
        List<Row> rows = new ArrayList<>();
        EndToEnd endToEnd = null;
        for (Map.Entry<Integer, List<PipelineOverheadBench.Run>> e : runs.entrySet()) {
            int n = e.getKey();
            Samples wall = Samples.of(
                    e.getValue().stream().map(PipelineOverheadBench.Run::wallMs).toList());
            List<Double> stageCycles = e.getValue().stream()
                    .flatMap(r -> r.stageCycleMs().stream())
                    .toList();
            Samples cycle = stageCycles.isEmpty() ? null : Samples.of(stageCycles);

            List<DispatchBench.Run> peers = bareRuns.get(n);
            Samples activity =
                    Samples.of(peers.stream().flatMap(r -> r.cycleMs().stream()).toList());
            double peerWall =
                    peers.stream().mapToDouble(DispatchBench.Run::wallMs).sum();
            int peerCalls = peers.stream().mapToInt(DispatchBench.Run::calls).sum();

            rows.add(new Row(
                    n,
                    e.getValue().size(),
                    wall,
                    wall.p50() / n,
                    cycle,
                    peers.get(0).calls(),
                    activity,
                    peerWall / peerCalls,
                    cycle == null ? null : cycle.p50() / activity.p50(),
                    cycle == null ? null : cycle.p99() / activity.p99(),
                    cycle == null ? null : cycle.p50() - ACTIVITIES_PER_STAGE * activity.p50()));
            if (n == 1) {
                Samples single = Samples.of(oneActivityMs);
                endToEnd = new EndToEnd(wall.p50(), single, wall.p50() / single.p50());
            }
        }
        return new OrchestrationReport(
                FORMAT,
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                describeMachine(),
                config,
                describeMethod(),
                rows,
                endToEnd,
                breakdown);
    }

    private static Map<String, String> describeMethod() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(
                "platform",
                "embedded: Temporal Java test server (real time, gRPC on 127.0.0.1, sticky workflow cache in this process),"
                        + " s3proxy, PostgreSQL 17; all in the bench's JVM with Tempered's own workers on every queue");
        m.put(
                "pipeline",
                "N noop stages, duration_ms 0, a distinct salt each and noCache=true; every stage is checked"
                        + " to have run, not been cached");
        m.put(
                "stage_cycle",
                "stage_runs.started_at (PostgreSQL now(), set in planStage) of stage i+1 minus stage i:"
                        + " one stage's whole cost, N-1 samples per run");
        m.put(
                "peer",
                "a bench-only workflow on the same server and client calling a no-op activity 3N times in a row,"
                        + " run right after each N-stage pipeline: as many activities, so a history as long");
        m.put(
                "activity_cycle",
                "System.nanoTime() at entry of consecutive peer activity calls (same process): one"
                        + " activity round-trip including the workflow task between calls; 3N-1 samples per peer workflow");
        m.put(
                "ratio",
                "stage cycle / activity cycle. A stage is three activity round-trips (planStage, the stage"
                        + " activity, completeStage), so about 3 is expected; the rest is lineage's database work and the"
                        + " larger history the pipeline replays");
        m.put(
                "breakdown",
                "from each measured workflow's Temporal history: per task kind, mean queue time (scheduled"
                        + " to started) and run time (started to completed); server event times, millisecond resolution");
        return m;
    }

    private static Map<String, Object> describeMachine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        // Other processes share these cores; a high load average explains a wide p99.
        m.put("load_average_1_5_15m", loadAverage());
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    void writeJson(Path file) throws IOException {
        // snake_case like the hand-built maps inside, so one file has one naming style.
        JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build()
                .writeValue(file.toFile(), this);
    }

    void print(PrintStream out) {
        out.println();
        out.printf(
                "Tempered pipelines (noop stages, duration_ms 0, noCache) vs bare Temporal peer (3N no-op activities)%n");
        out.printf(
                "machine: %s cores, %s, %s; load average %s%n%n",
                machine.get("cores"), machine.get("cpu"), machine.get("java"), machine.get("load_average_1_5_15m"));
        out.printf(
                "%6s %4s | %9s %10s | %-22s | %5s %-22s | %-15s%n",
                "stages",
                "runs",
                "wall p50",
                "wall/stage",
                "stage cycle p50 / p99",
                "calls",
                "activity cycle p50 / p99",
                "ratio p50 / p99");
        for (Row r : rows) {
            out.printf(
                    "%6d %4d | %9.1f %10.2f | %-22s | %5d %-22s | %-15s%n",
                    r.stages(),
                    r.runs(),
                    r.wallMs().p50(),
                    r.wallPerStageMs(),
                    pair(r.stageCycleMs()),
                    r.bareCalls(),
                    pair(r.activityCycleMs()),
                    r.ratioP50() == null ? "-" : String.format("%.2fx / %.2fx", r.ratioP50(), r.ratioP99()));
        }
        out.println("(all times in ms; sample counts in the JSON)");
        if (endToEnd != null) {
            out.printf(
                    "end to end: 1-stage pipeline p50 %s ms vs 1-activity bare workflow p50 %s ms (p99 %s ms): %.2fx%n",
                    fmt(endToEnd.pipelineP50Ms()),
                    fmt(endToEnd.oneActivityWorkflowMs().p50()),
                    fmt(endToEnd.oneActivityWorkflowMs().p99()),
                    endToEnd.ratioP50());
        }
        out.println();
        out.println("Where the time goes, from Temporal's history of the measured runs (mean per task)");
        out.printf("  %-22s %-18s %6s %9s %9s%n", "workflows", "task", "count", "queue ms", "run ms");
        breakdown.forEach((name, s) -> {
            out.printf("  %-22s (history: %d events, %d KiB)%n", name, s.meanEvents(), s.meanBytes() / 1024);
            s.parts()
                    .forEach((task, p) -> out.printf(
                            "  %-22s %-18s %6d %9s %9s%n", "", task, p.count(), fmt(p.queueMs()), fmt(p.runMs())));
        });
        out.println();
        out.println("Method:");
        method.forEach((k, v) -> out.println("  " + k + ": " + v));
        out.println();
        printMarkdown(out);
    }

    private void printMarkdown(PrintStream out) {
        out.println(
                "## Orchestration overhead (" + measuredAt.substring(0, 10) + ", " + machine.get("cores") + " cores)");
        out.println();
        out.println(
                "| stages | runs | wall p50 | wall/stage | stage cycle p50 | stage cycle p99 | peer calls | activity p50 | activity p99 | ratio p50 | ratio p99 |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            out.printf(
                    "| %d | %d | %.1f | %.2f | %s | %s | %d | %s | %s | %s | %s |%n",
                    r.stages(),
                    r.runs(),
                    r.wallMs().p50(),
                    r.wallPerStageMs(),
                    r.stageCycleMs() == null ? "–" : fmt(r.stageCycleMs().p50()),
                    r.stageCycleMs() == null ? "–" : fmt(r.stageCycleMs().p99()),
                    r.bareCalls(),
                    fmt(r.activityCycleMs().p50()),
                    fmt(r.activityCycleMs().p99()),
                    r.ratioP50() == null ? "–" : String.format("%.2f×", r.ratioP50()),
                    r.ratioP99() == null ? "–" : String.format("%.2f×", r.ratioP99()));
        }
        out.println();
        out.println("Times in ms. Stage cycle: one Tempered stage, planStage to next planStage. Activity: one bare"
                + " Temporal activity round-trip in a workflow of 3N calls on the same server.");
        rows.stream()
                .filter(r -> r.ratioP50() != null)
                .reduce((a, b) -> b)
                .ifPresent(r -> out.printf(
                        "At %d stages a Tempered stage costs %.2f× a bare activity round-trip at p50 (%.2f× at p99):"
                                + " three round-trips (planStage, noop, completeStage) and %s ms more.%n",
                        r.stages(), r.ratioP50(), r.ratioP99(), fmt(r.beyondThreeP50Ms())));
        if (endToEnd != null) {
            out.printf(
                    "A 1-stage pipeline takes %s ms end to end, %.2f× a 1-activity bare workflow (%s ms).%n",
                    fmt(endToEnd.pipelineP50Ms()),
                    endToEnd.ratioP50(),
                    fmt(endToEnd.oneActivityWorkflowMs().p50()));
        }
    }

    private static String pair(Samples s) {
        return s == null ? "-" : fmt(s.p50()) + " / " + fmt(s.p99());
    }

    private static String fmt(double ms) {
        return String.format("%.2f", ms);
    }
}
