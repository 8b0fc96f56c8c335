package dev.tempered.app.platform;

import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.stage.StageServices;
import dev.tempered.workflows.PipelineScheduleWorkflowImpl;
import dev.tempered.workflows.PipelineWorkflowImpl;
import dev.tempered.workflows.TaskQueues;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal workers for the chosen task queues, registered from the stage registry: each queue gets
 * the implementations of the stages scheduled there; the workflows queue gets the pipeline and
 * schedule workflows, every child-workflow stage's workflow and the lineage bookkeeping.
 */
public final class Workers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private final WorkerFactory factory;

    private Workers(WorkerFactory factory) {
        this.factory = factory;
    }

    public static Workers start(Platform platform, Set<String> queues) {
        WorkerFactory factory = WorkerFactory.newInstance(platform.client());
        WorkerOptions.Builder options = WorkerOptions.newBuilder()
                // Two cores here: a couple of concurrent stage activities saturate them.
                .setMaxConcurrentActivityExecutionSize(
                        Math.max(2, Runtime.getRuntime().availableProcessors()))
                // Heartbeats carry checkpoints: the SDK would otherwise hold them back for up to
                // 0.8 x the heartbeat timeout, and a retry after a crash would lose that much work.
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2));
        if (!platform.stickyWorkflows()) {
            // The embedded server keeps routing to a dead worker's sticky queue; without stickiness a
            // killed worker's workflows move to the survivors at the next task.
            options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
        }
        StageServices services = new StageServices(platform.publisher());
        for (String queue : queues) {
            WorkerOptions queueOptions = options.build();
            if (TaskQueues.ONE_ACTIVITY_AT_A_TIME.contains(queue)) {
                // Model stages: DJL allows one gradient collector per JVM and the trainer reseeds the
                // engine's global generator, so two model activities in one process would corrupt each
                // other. More model work in parallel means more worker processes.
                queueOptions = WorkerOptions.newBuilder(queueOptions)
                        .setMaxConcurrentActivityExecutionSize(1)
                        .build();
            }
            Worker worker = factory.newWorker(queue, queueOptions);
            if (queue.equals(TaskQueues.WORKFLOWS)) {
                worker.registerWorkflowImplementationTypes(
                        PipelineWorkflowImpl.class, PipelineScheduleWorkflowImpl.class);
                for (Class<?> child : StageRegistry.childWorkflowImplementations())
                    worker.registerWorkflowImplementationTypes(child);
                worker.registerActivitiesImplementations(
                        new LineageActivitiesImpl(platform.lineage(), platform.store()));
            } else if (TaskQueues.ALL.contains(queue)) {
                // A gpu-queue stage on a worker where DJL sees no CUDA device fails at once, naming the
                // worker, and is not retried.
                worker.registerActivitiesImplementations(
                        StageRegistry.activityImplementations(queue, services).toArray());
            } else {
                throw new IllegalArgumentException(
                        "unknown task queue " + queue + "; expected one of " + TaskQueues.ALL);
            }
        }
        factory.start();
        log.info("workers polling {}", queues);
        return new Workers(factory);
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
