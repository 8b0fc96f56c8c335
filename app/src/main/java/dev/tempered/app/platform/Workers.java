package dev.tempered.app.platform;

import dev.tempered.activities.ingest.IngestActivitiesImpl;
import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.noop.NoopActivitiesImpl;
import dev.tempered.activities.tokenizer.stage.TokenizerActivitiesImpl;
import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.curation.DefaultCurationSteps;
import dev.tempered.workflows.CurateWorkflowImpl;
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

/** Temporal workers for the chosen task queues, with every implementation registered where it belongs. */
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
                .setMaxConcurrentActivityExecutionSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                // Heartbeats carry checkpoints: the SDK would otherwise hold them back for up to
                // 0.8 x the heartbeat timeout, and a retry after a crash would lose that much work.
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2));
        if (!platform.stickyWorkflows()) {
            // The embedded server keeps routing to a dead worker's sticky queue; without stickiness a
            // killed worker's workflows move to the survivors at the next task.
            options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
        }
        for (String queue : queues) {
            Worker worker = factory.newWorker(queue, options.build());
            switch (queue) {
                case TaskQueues.WORKFLOWS -> {
                    worker.registerWorkflowImplementationTypes(
                            PipelineWorkflowImpl.class, CurateWorkflowImpl.class, PipelineScheduleWorkflowImpl.class);
                    worker.registerActivitiesImplementations(new LineageActivitiesImpl(platform.lineage(), platform.store()));
                }
                case TaskQueues.CPU -> worker.registerActivitiesImplementations(
                        new IngestActivitiesImpl(platform.publisher()), new NoopActivitiesImpl(),
                        new CurationActivitiesImpl(platform.publisher(), new DefaultCurationSteps()),
                        new TokenizerActivitiesImpl(platform.publisher()), new PretrainActivitiesImpl(platform.publisher()));
                // Model stages with device: gpu; on a worker where DJL sees no CUDA device they fail at
                // once, naming the worker, and are not retried.
                case TaskQueues.GPU -> worker.registerActivitiesImplementations(new PretrainActivitiesImpl(platform.publisher()));
                default -> throw new IllegalArgumentException("unknown task queue " + queue);
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
