package dev.tempered.app.topology;

import dev.tempered.app.WorkerProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tempered worker processes ({@code tempered worker --queues …}), each a separate JVM with its
 * own log, as they would run on separate machines. Killed with SIGKILL by the fault tests.
 */
final class TopologyWorkers implements AutoCloseable {
    /** One worker: its process and the identity Temporal records for the activities it runs. */
    record Worker(String name, Process process, Path log) {
        String identity() {
            // The SDK's default identity is pid@hostname.
            return process.pid() + "@";
        }
    }

    private final Path root;
    private final Path config;
    private final Map<String, String> env;
    private final List<Worker> workers = new ArrayList<>();
    private int started;

    TopologyWorkers(Path root, Path config, Map<String, String> env) {
        this.root = root;
        this.config = config;
        this.env = env;
    }

    /** Starts a worker for the queues and returns once it polls them. */
    synchronized Worker start(String queues) throws IOException, InterruptedException {
        String name = "worker-" + (++started) + "-" + queues.replace(',', '+');
        Path log = root.resolve(name + ".log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // One engine thread: the fault tests compare checkpoints across worker processes byte for byte.
        command.addAll(WorkerProcesses.DJL);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tempered.app.Main",
                "worker",
                "--queues=" + queues,
                "--data-dir=" + root.resolve("worker-data"),
                "--config=" + config));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().putAll(WorkerProcesses.ENV);
        pb.environment().put("TEMPERED_LOG_DIR", root.resolve("logs-" + name).toString());
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (!Files.readString(log).contains(" polling ")) {
            if (!p.isAlive())
                throw new IllegalStateException(name + " exited with " + p.exitValue() + ":\n" + Files.readString(log));
            if (System.currentTimeMillis() > deadline)
                throw new IllegalStateException(name + " did not start polling:\n" + Files.readString(log));
            Thread.sleep(100);
        }
        Worker w = new Worker(name, p, log);
        workers.add(w);
        return w;
    }

    /** The live worker whose identity Temporal reports for an activity, if it is one of ours. */
    synchronized Optional<Worker> byIdentity(String identity) {
        return workers.stream()
                .filter(w -> w.process().isAlive() && identity.startsWith(w.identity()))
                .findFirst();
    }

    /** SIGKILL: no shutdown hook runs, nothing is said to Temporal. */
    static void kill(Worker w) throws InterruptedException {
        w.process().destroyForcibly();
        if (!w.process().waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException(w.name() + " survived SIGKILL");
    }

    @Override
    public synchronized void close() throws InterruptedException {
        for (Worker w : workers) w.process().destroy();
        for (Worker w : workers) {
            if (!w.process().waitFor(15, TimeUnit.SECONDS)) w.process().destroyForcibly();
        }
    }
}
