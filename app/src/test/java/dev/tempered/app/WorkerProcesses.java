package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.platform.Platform;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Worker processes for durability tests: {@code tempered worker} in a JVM of its own against a
 * test's platform, killed with SIGKILL, and the heartbeat its activity last reported to Temporal.
 */
public final class WorkerProcesses {
    /**
     * DJL settings of the worker JVMs: offline (no CDN here) and one engine thread. Training is
     * reproducible for any fixed thread count, but one and two threads sum in different orders:
     * the tests compare losses and checkpoints across worker processes byte for byte, so every
     * worker uses the same count.
     */
    public static final List<String> DJL = List.of(
            "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1");

    /**
     * Environment of the worker JVMs. OMP_NUM_THREADS=1: DJL's num_threads reaches OpenMP only on
     * the thread that starts the engine, while activities run on Temporal's executor threads, which
     * would use one OpenMP thread per core. Idle OpenMP threads sleep instead of spinning: two
     * workers and the test share two cores.
     */
    public static final Map<String, String> ENV = Map.of("OMP_NUM_THREADS", "1", "OMP_WAIT_POLICY", "PASSIVE");

    private WorkerProcesses() {}

    /** Creates {@code config} empty (every default) unless it exists: a missing {@code --config} file is an error. */
    static void ensureConfig(Path config) {
        try {
            if (!Files.exists(config)) Files.writeString(config, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a worker for {@code queues} (short names, comma-separated) and waits until it polls. */
    public static Process start(Path root, String name, String queues) throws Exception {
        ensureConfig(root.resolve("none.yaml"));
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(DJL);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tempered.app.Main",
                "worker",
                "--queues=" + queues,
                "--data-dir=" + root.resolve("data"),
                "--config=" + root.resolve("none.yaml")));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TEMPERED_LOG_DIR", root.resolve("logs-" + name).toString());
        pb.environment().putAll(ENV);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        long deadline = System.currentTimeMillis() + 60_000;
        String line;
        while ((line = out.readLine()) != null) {
            System.out.println("[" + name + "] " + line);
            if (line.contains(" polling ")) break;
            if (System.currentTimeMillis() > deadline) break;
        }
        assertTrue(p.isAlive(), "worker " + name + " started");
        Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("[" + name + "] " + l)));
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    /** SIGKILL: no shutdown hook, no goodbye to Temporal. */
    public static void kill(Process worker) throws InterruptedException {
        worker.destroyForcibly();
        assertTrue(worker.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, worker.exitValue(), "killed by SIGKILL");
    }

    /**
     * Polls the run's heartbeat of {@code activityType} until {@code progress} of it reaches
     * {@code atLeast} or the timeout passes; returns the last progress seen (0 before any heartbeat).
     */
    static long awaitProgress(
            Platform platform,
            String runId,
            String activityType,
            ToLongFunction<Map<String, Object>> progress,
            long atLeast,
            Duration timeout)
            throws InterruptedException {
        long seen = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen < atLeast && System.nanoTime() < deadline) {
            seen = heartbeat(platform, runId, activityType)
                    .map(progress::applyAsLong)
                    .orElse(0L);
            Thread.sleep(20);
        }
        return seen;
    }

    /** The heartbeat details Temporal holds for the run's pending activity of this type, if it sent any. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> heartbeat(Platform platform, String runId, String activityType) {
        var response = platform.client()
                .getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(runId))
                        .build());
        for (PendingActivityInfo a : response.getPendingActivitiesList()) {
            if (a.getActivityType().getName().equals(activityType) && a.hasHeartbeatDetails()) {
                return Optional.of(DefaultDataConverter.newDefaultInstance()
                        .fromPayloads(0, Optional.of(a.getHeartbeatDetails()), Map.class, Map.class));
            }
        }
        return Optional.empty();
    }
}
