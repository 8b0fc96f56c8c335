package dev.tempered.app;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.PipelineFile;
import dev.tempered.app.platform.PipelineSubmitter;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not part of the suite (the name matches no surefire pattern): {@code probe.repeats}
 * uncached runs of the kill test's pipeline in one {@code tempered worker} process, printing the
 * first step whose loss differs from the first run's. Run it with
 * {@code -Dtest=WorkerRepeatabilityProbe}; {@code probe.env} (K=V;K=V) and {@code probe.jvm} vary
 * the worker's environment and JVM flags, {@code probe.steps} the training length.
 */
class WorkerRepeatabilityProbe {
    @TempDir
    Path root;

    /** Like WorkerProcesses.start, plus probe.env (K=V;K=V) and probe.jvm (space-separated flags). */
    static Process startWorker(Path root, String queues) throws Exception {
        WorkerProcesses.ensureConfig(root.resolve("none.yaml"));
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(WorkerProcesses.DJL);
        String jvm = System.getProperty("probe.jvm", "");
        if (!jvm.isBlank()) command.addAll(List.of(jvm.trim().split(" +")));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tempered.app.Main",
                "worker",
                "--queues=" + queues,
                "--data-dir=" + root.resolve("data"),
                "--config=" + root.resolve("none.yaml")));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("worker.log").toFile());
        pb.environment().put("TEMPERED_LOG_DIR", root.resolve("logs-probe").toString());
        pb.environment().putAll(WorkerProcesses.ENV);
        String env = System.getProperty("probe.env", "");
        for (String kv : env.split(";")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split("=", 2);
            if (p[1].isEmpty()) pb.environment().remove(p[0]);
            else pb.environment().put(p[0], p[1]);
        }
        System.out.println("PROBE worker env "
                + pb.environment().entrySet().stream()
                        .filter(e -> e.getKey().matches("OMP.*|MKL.*|KMP.*|DNNL.*"))
                        .toList()
                + " jvm " + command);
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (!Files.readString(root.resolve("worker.log")).contains(" polling ")) {
            if (System.currentTimeMillis() > deadline || !p.isAlive())
                throw new IllegalStateException(Files.readString(root.resolve("worker.log")));
            Thread.sleep(100);
        }
        System.out.println("PROBE worker pid " + p.pid());
        return p;
    }

    @Test
    void probe() throws Exception {
        int repeats = Integer.getInteger("probe.repeats", 3);
        int steps = Integer.getInteger("probe.steps", 600);
        String pipelineText = """
                name: train
                stages:
                  - stage: ingest
                    params: {sources: [html]}
                  - stage: curate
                  - stage: train-tokenizer
                    params: {vocab_size: 512}
                  - stage: tokenize
                    inputs: {text: "stage:curate", tokenizer: "stage:train-tokenizer"}
                  - stage: pretrain
                    params: {width: 64, context: 64, steps: %d, batch_size: 8, warmup_steps: 20, checkpoint_every: 50, eval_every: 100}
                """.formatted(steps);
        Path html = root.resolve("html");
        Files.createDirectories(html);
        try (var files = Files.list(Path.of("..", "examples", "data", "html"))) {
            for (Path f : files.toList()) Files.copy(f, html.resolve(f.getFileName()));
        }
        Path pipeline = root.resolve("train.yaml");
        Files.writeString(pipeline, pipelineText);
        TemperedConfig config = TemperedConfig.load(null, java.util.Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        try (Platform platform = Platform.start(config)) {
            platform.publishPlatformFile("none");
            Process worker = startWorker(root, System.getProperty("probe.queues", "workflows,cpu"));
            try {
                List<double[]> runs = new ArrayList<>();
                List<String> finals = new ArrayList<>();
                for (int k = 0; k < repeats; k++) {
                    String id = PipelineSubmitter.submit(platform, PipelineFile.read(pipeline), true);
                    platform.client().newUntypedWorkflowStub(id).getResult(10, TimeUnit.MINUTES, Object.class);
                    PipelineRunRecord run = platform.lineage().run(id).orElseThrow();
                    StageRunRecord pretrain = run.stages().get(4);
                    double[] loss = new double[steps];
                    platform.lineage().metrics(pretrain.id(), 0).stream()
                            .filter(m -> m.name().equals("loss"))
                            .forEach(m -> loss[(int) m.step() - 1] = m.value());
                    runs.add(loss);
                    finals.add((String) pretrain.summary().get("primary_output"));
                    System.out.println(
                            "PROBE run " + k + " final checkpoint " + finals.get(k) + " summary " + pretrain.summary());
                }
                try (var tasks = Files.list(Path.of("/proc/" + worker.pid() + "/task"))) {
                    System.out.println("PROBE worker threads " + tasks.count());
                }
                for (int k = 1; k < runs.size(); k++) {
                    int first = -1;
                    for (int s = 0; s < steps; s++) {
                        if (Double.doubleToLongBits(runs.get(0)[s]) != Double.doubleToLongBits(runs.get(k)[s])) {
                            first = s;
                            break;
                        }
                    }
                    if (first < 0) {
                        System.out.println("PROBE run " + k + " vs 0: identical over " + steps
                                + " steps, same checkpoint " + finals.get(0).equals(finals.get(k)));
                    } else {
                        double a = runs.get(0)[first];
                        double b = runs.get(k)[first];
                        double maxRel = 0;
                        for (int s = first; s < steps; s++)
                            maxRel = Math.max(maxRel, Math.abs(runs.get(0)[s] - runs.get(k)[s]) / runs.get(0)[s]);
                        System.out.printf(
                                "PROBE run %d vs 0: first differing step %d (%.9f vs %.9f, rel %.2e), max rel %.2e%n",
                                k, first + 1, a, b, Math.abs(a - b) / a, maxRel);
                    }
                }
            } finally {
                worker.destroyForcibly();
            }
        }
    }
}
