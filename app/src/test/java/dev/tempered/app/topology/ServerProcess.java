package dev.tempered.app.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One real server started from a {@code scripts/servers} script, which a fault test can kill
 * and start again on the same data. Its output goes to a log file next to its data.
 */
final class ServerProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final BooleanSupplier ready;
    private Process process;

    ServerProcess(String name, List<String> command, Map<String, String> env, Path log, BooleanSupplier ready) {
        this.name = name;
        this.command = command;
        this.env = env;
        this.log = log;
        this.ready = ready;
    }

    /** Starts the server and waits until it answers. */
    ServerProcess start() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " while starting; log " + log + ":\n" + tail());
            }
            if (System.nanoTime() > deadline)
                throw new IllegalStateException(name + " did not answer in 120 s; log:\n" + tail());
            Thread.sleep(100);
        }
        return this;
    }

    /** SIGKILL: the server gets no chance to flush or say goodbye. */
    void kill() throws InterruptedException {
        stop(true);
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    void terminate() throws InterruptedException {
        stop(false);
    }

    private void stop(boolean force) throws InterruptedException {
        if (process == null) return;
        // The scripts exec the server, but runuser (PostgreSQL as root) forks: signal the whole tree.
        List<ProcessHandle> tree = process.descendants().toList();
        for (ProcessHandle p : tree) {
            if (force) p.destroyForcibly();
            else p.destroy();
        }
        if (force) process.destroyForcibly();
        else process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        for (ProcessHandle p : tree) {
            p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join();
            if (p.isAlive()) p.destroyForcibly();
        }
        process = null;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        terminate();
    }
}
