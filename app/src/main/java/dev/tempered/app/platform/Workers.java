package dev.tempered.app.platform;

import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.activities.lineage.openlineage.OpenLineageConfig;
import dev.tempered.activities.lineage.openlineage.OpenLineageStageEvents;
import dev.tempered.activities.registry.PromotionActivitiesImpl;
import dev.tempered.activities.retrain.RetrainActivitiesImpl;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.stage.StageServices;
import dev.tempered.workflows.PipelineScheduleWorkflowImpl;
import dev.tempered.workflows.PipelineWorkflowImpl;
import dev.tempered.workflows.TaskQueues;
import dev.tempered.workflows.registry.PromotionWorkflowImpl;
import dev.tempered.workflows.retrain.RetrainFiringWorkflowImpl;
import dev.tempered.workflows.retrain.RetrainScheduleWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal workers for the chosen task queues, registered from the stage registry: each queue gets
 * the implementations of the stages scheduled there; the workflows queue gets the pipeline and
 * schedule workflows, every child-workflow stage's workflow and the lineage bookkeeping.
 */
public final class Workers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    /** How long a stop waits for activities to notice it at their next heartbeat before interrupting them. */
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);
    /** How long a stop waits for interrupted activities to end; the process exits anyway after. */
    private static final Duration INTERRUPTED_STOP = Duration.ofSeconds(5);

    private final WorkerFactory factory;
    private final ShutdownInterruption interruption;

    private Workers(WorkerFactory factory, ShutdownInterruption interruption) {
        this.factory = factory;
        this.interruption = interruption;
    }

    public static Workers start(Platform platform, Set<String> queues) {
        ShutdownInterruption interruption = new ShutdownInterruption();
        WorkerFactory factory = WorkerFactory.newInstance(
                platform.client(),
                WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(interruption)
                        .build());
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
                        new LineageActivitiesImpl(platform.lineage(), platform.store(), openLineage(platform)));
                // Model promotions: a gate, a durable wait for an admin, an alias move.
                worker.registerWorkflowImplementationTypes(PromotionWorkflowImpl.class);
                worker.registerActivitiesImplementations(
                        new PromotionActivitiesImpl(platform.lineage(), platform.store()));
                // Label-driven retraining: each firing checks the labels, retrains, asks for a promotion.
                worker.registerWorkflowImplementationTypes(
                        RetrainFiringWorkflowImpl.class, RetrainScheduleWorkflowImpl.class);
                worker.registerActivitiesImplementations(new RetrainActivitiesImpl(platform.lineage()));
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
        return new Workers(factory, interruption);
    }

    /**
     * OpenLineage RunEvents of every stage run: always to {@value OpenLineageConfig#FILE_NAME} under
     * the data directory, and to the HTTP endpoint {@code TEMPERED_OPENLINEAGE_URL} names (Marquez:
     * {@code http://host:5000}) when it is set.
     */
    private static OpenLineageStageEvents openLineage(Platform platform) {
        String url = System.getenv("TEMPERED_OPENLINEAGE_URL");
        OpenLineageStageEvents events = new OpenLineageStageEvents(
                platform.lineage(),
                new OpenLineageConfig(
                        platform.config().dataDir().resolve(OpenLineageConfig.FILE_NAME),
                        url == null || url.isBlank() ? null : URI.create(url.strip())));
        platform.own(events);
        return events;
    }

    /**
     * Stops polling, lets running activities end at their next heartbeat (the SDK makes it throw),
     * interrupts those still running after {@link #GRACEFUL_STOP}, and leaves the interrupted ones
     * unreported (see {@link ShutdownInterruption}) so that Temporal retries them elsewhere, once.
     */
    @Override
    public void close() {
        interruption.stopping();
        // No new tasks from here on: a task taken now would only be interrupted.
        factory.suspendPolling();
        factory.shutdown();
        factory.awaitTermination(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
        if (!factory.isTerminated()) {
            factory.shutdownNow();
            factory.awaitTermination(INTERRUPTED_STOP.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
