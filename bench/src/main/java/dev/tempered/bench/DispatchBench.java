package dev.tempered.bench;

import dev.tempered.app.platform.Platform;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bare-Temporal peer, on the same embedded server and client as the platform: a bench-only
 * worker runs {@link DispatchBenchWorkflow}, which calls a no-op activity in a loop.
 *
 * <p>Two measurements. The activity cycle: the gap between consecutive activity starts inside
 * one workflow, taken with {@link System#nanoTime()} in the activity (same process), so each
 * sample is one complete round-trip (activity result to the server, a workflow task to the
 * worker, the next activity scheduled and dispatched). The end-to-end time of a one-activity
 * workflow, timed by the client: start, one workflow task, one activity, completion.
 */
final class DispatchBench {
    private final Platform platform;
    private final DispatchBenchActivitiesImpl activities;
    private int nextId = 1;

    private DispatchBench(Platform platform, DispatchBenchActivitiesImpl activities) {
        this.platform = platform;
        this.activities = activities;
    }

    /** Starts the bench worker; the platform stops it when it closes. */
    static DispatchBench start(Platform platform) {
        DispatchBenchActivitiesImpl activities = new DispatchBenchActivitiesImpl();
        WorkerFactory factory = WorkerFactory.newInstance(platform.client());
        // The same options as the platform's own workers, so the peer pays the same workflow-task
        // cost (including replay when stickiness is off on the embedded server).
        WorkerOptions.Builder options = WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(
                        Math.max(2, Runtime.getRuntime().availableProcessors()));
        if (!platform.stickyWorkflows()) options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
        Worker worker = factory.newWorker(DispatchBenchWorkflow.TASK_QUEUE, options.build());
        worker.registerWorkflowImplementationTypes(DispatchBenchWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        factory.start();
        platform.own(() -> {
            factory.shutdown();
            factory.awaitTermination(10, TimeUnit.SECONDS);
        });
        return new DispatchBench(platform, activities);
    }

    /** One sequential workflow: its wall time and its activity cycles, in milliseconds. */
    record Run(String workflowId, int calls, double wallMs, List<Double> cycleMs) {}

    Run pingSequentially(int calls) {
        activities.drainStartNanos();
        String workflowId = nextWorkflowId();
        long t0 = System.nanoTime();
        int done = stub(workflowId).pingSequentially(calls);
        double wallMs = (System.nanoTime() - t0) / 1e6;
        long[] starts = activities.drainStartNanos();
        if (done != calls || starts.length != calls) {
            throw new IllegalStateException(
                    "bench workflow made " + starts.length + " activity calls, expected " + calls);
        }
        List<Double> cycles = new ArrayList<>();
        for (int i = 1; i < starts.length; i++) cycles.add((starts[i] - starts[i - 1]) / 1e6);
        return new Run(workflowId, calls, wallMs, cycles);
    }

    /** Client-side time of one one-activity workflow, start to result, in milliseconds. */
    double oneActivityWorkflow() {
        long t0 = System.nanoTime();
        stub(nextWorkflowId()).pingSequentially(1);
        double ms = (System.nanoTime() - t0) / 1e6;
        activities.drainStartNanos();
        return ms;
    }

    private String nextWorkflowId() {
        return "bench-dispatch-" + ProcessHandle.current().pid() + "-" + nextId++;
    }

    private DispatchBenchWorkflow stub(String workflowId) {
        return platform.client()
                .newWorkflowStub(
                        DispatchBenchWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(workflowId)
                                .setTaskQueue(DispatchBenchWorkflow.TASK_QUEUE)
                                // Bounds a stuck bench; 150 calls take a few seconds.
                                .setWorkflowExecutionTimeout(Duration.ofMinutes(5))
                                .build());
    }
}
