package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.ingest.SourceImporter;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineResult;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.StageSpec;
import dev.tempered.workflows.TaskQueues;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model worker runs one model activity at a time, by its configuration: two pipelines whose
 * pretrain stages are submitted together on the embedded platform with ONE worker for the model
 * queue both finish with a loss at every step and the checkpoints of the same pretrain run alone,
 * and did not train at the same time (the spans of their recorded metrics do not overlap, though
 * both were planned before either trained a step). With a worker that takes two at a time this
 * test fails: DJL refuses the second gradient collector.
 *
 * <p>Checkpoints are compared by digest: training on a worker thread is bit-reproducible (see
 * GradientAfterCollectionTest and docs/deploy.md), so a run queued behind another must end on exactly
 * the bytes of the same run alone.
 */
class ModelWorkerTest {
    private static final Map<String, Object> PRETRAIN = Map.of(
            "layers",
            1,
            "width",
            32,
            "context",
            32,
            "steps",
            60,
            "batch_size",
            4,
            "warmup_steps",
            2,
            "checkpoint_every",
            6,
            "eval_every",
            6);

    @TempDir
    Path root;

    @Test
    @Timeout(600)
    void twoModelStagesSubmittedTogetherRunOneAfterTheOtherAndBothFinishCorrectly() throws Exception {
        TemperedConfig config = TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        try (Platform platform = Platform.start(config)) {
            platform.own(Workers.start(platform, Set.of(TaskQueues.WORKFLOWS, TaskQueues.CPU)));
            Workers preparing = Workers.start(platform, Set.of(TaskQueues.MODEL));
            WorkflowClient client = platform.client();
            String sources = new SourceImporter(platform.publisher())
                    .importSources(Path.of("..", "examples", "data"), List.of("html"), "test: sources")
                    .digest();
            PipelineResult prepared = run(
                    client,
                    "prep",
                    new PipelineSpec(
                            "prep",
                            List.of(
                                    new StageSpec("ingest", Map.of(), Map.of("sources", sources)),
                                    new StageSpec("curate", Map.of("dedup", false), Map.of()),
                                    new StageSpec("train-tokenizer", Map.of("vocab_size", 300), Map.of()),
                                    new StageSpec(
                                            "tokenize",
                                            Map.of(),
                                            Map.of("text", "stage:curate", "tokenizer", "stage:train-tokenizer")),
                                    new StageSpec("pretrain", PRETRAIN, Map.of()))));
            String alone = prepared.stages().get(4).primaryOutput();
            String tokens = prepared.stages().get(3).primaryOutput();
            // No model worker while the two runs are submitted: both pretrain activities are scheduled
            // before one model worker starts, so the queue, not the timing of the submissions, decides
            // what runs together (on two busy cores the second run was once planned after the first
            // had trained).
            preparing.close();

            PipelineSpec pretrainOnly = new PipelineSpec(
                    "pretrain-again", List.of(new StageSpec("pretrain", PRETRAIN, Map.of("in", tokens))));
            WorkflowStub first = start(client, "together-1", pretrainOnly);
            WorkflowStub second = start(client, "together-2", pretrainOnly);
            awaitPretrainScheduled(client, "together-1");
            awaitPretrainScheduled(client, "together-2");
            platform.own(Workers.start(platform, Set.of(TaskQueues.MODEL)));
            PipelineResult a = first.getResult(PipelineResult.class);
            PipelineResult b = second.getResult(PipelineResult.class);
            assertEquals(
                    alone, a.stages().get(0).primaryOutput(), "the first run's final checkpoint is the run alone's");
            assertEquals(
                    alone, b.stages().get(0).primaryOutput(), "the second run's final checkpoint is the run alone's");
            assertTrue(!a.stages().get(0).cached() && !b.stages().get(0).cached(), "both trained (no cache)");

            long[] one = training(platform, client, "together-1", a);
            long[] two = training(platform, client, "together-2", b);
            String times = "planned, first and last metric (epoch ms): " + Arrays.toString(one) + " and "
                    + Arrays.toString(two);
            System.out.println("model worker test: " + times);
            // Both were planned (and so scheduled) before either trained a step, so a worker that took two
            // activities at a time would have trained them together.
            assertTrue(Math.max(one[0], two[0]) < Math.min(one[1], two[1]), "not submitted together: " + times);
            assertTrue(one[2] < two[1] || two[2] < one[1], "the two trainings overlapped: " + times);
            List<String> aloneCheckpoints = checkpoints(platform, "prep", 4);
            // One every 6 steps; the last is the output "checkpoint".
            assertEquals(10, aloneCheckpoints.size(), aloneCheckpoints.toString());
            assertTrue(
                    aloneCheckpoints.stream().anyMatch(c -> c.startsWith("checkpoint_step_54:checkpoint:")),
                    aloneCheckpoints.toString());
            assertEquals(aloneCheckpoints, checkpoints(platform, "together-1", 0), "the checkpoints of the run alone");
            assertEquals(aloneCheckpoints, checkpoints(platform, "together-2", 0), "the checkpoints of the run alone");
        }
    }

    private static PipelineResult run(WorkflowClient client, String runId, PipelineSpec spec) {
        return start(client, runId, spec).getResult(PipelineResult.class);
    }

    private static WorkflowStub start(WorkflowClient client, String runId, PipelineSpec spec) {
        PipelineWorkflow wf = client.newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(runId)
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        WorkflowClient.start(wf::run, new PipelineRequest(runId, spec, true));
        return WorkflowStub.fromTyped(wf);
    }

    /** Waits until the run's pretrain activity is scheduled on the model queue. */
    private static void awaitPretrainScheduled(WorkflowClient client, String runId) throws InterruptedException {
        long until = System.nanoTime() + 120_000_000_000L;
        while (pretrainScheduled(client, runId).isEmpty()) {
            if (System.nanoTime() > until) throw new AssertionError(runId + ": pretrain not scheduled in 120 s");
            Thread.sleep(100);
        }
    }

    private static java.util.Optional<HistoryEvent> pretrainScheduled(WorkflowClient client, String runId) {
        return client.fetchHistory(runId).getEvents().stream()
                .filter(e -> e.hasActivityTaskScheduledEventAttributes()
                        && e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName()
                                .equals("Pretrain"))
                .findFirst();
    }

    /** A stage run's outputs as name:kind:digest, in lineage order. */
    private static List<String> checkpoints(Platform platform, String runId, int position) {
        return platform.lineage().run(runId).orElseThrow().stages().get(position).outputs().stream()
                .map(o -> o.name() + ":" + o.kind() + ":" + o.digest())
                .toList();
    }

    /**
     * When the run's pretrain stage was planned, and the first and last metrics its training
     * recorded: the span in which it trained. All three from the lineage store's clock (the embedded
     * Temporal server keeps a clock of its own).
     */
    private static long[] training(Platform platform, WorkflowClient client, String runId, PipelineResult result) {
        HistoryEvent scheduled = pretrainScheduled(client, runId).orElseThrow();
        assertEquals(
                TaskQueues.MODEL,
                scheduled
                        .getActivityTaskScheduledEventAttributes()
                        .getTaskQueue()
                        .getName());
        StageRunRecord stage =
                platform.lineage().run(runId).orElseThrow().stages().get(0);
        List<MetricPoint> metrics = platform.lineage()
                .metrics(UUID.fromString(result.stages().get(0).stageRunId()), 0);
        assertEquals(60, metrics.stream().filter(m -> m.name().equals("loss")).count(), "a loss for every step");
        long first = metrics.stream()
                .mapToLong(m -> m.recordedAt().toEpochMilli())
                .min()
                .orElseThrow();
        long last = metrics.stream()
                .mapToLong(m -> m.recordedAt().toEpochMilli())
                .max()
                .orElseThrow();
        return new long[] {stage.started().toEpochMilli(), first, last};
    }
}
