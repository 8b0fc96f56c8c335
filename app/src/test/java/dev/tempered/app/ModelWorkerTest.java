package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.Workers;
import dev.tempered.activities.ingest.SourceImporter;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model worker runs one model activity at a time, by its configuration: two pipelines whose
 * pretrain stages are submitted together on the embedded platform with ONE worker for the model
 * queue both finish with the checkpoint of the same pretrain run alone, and their activities
 * did not overlap (Temporal's own start and completion times).
 */
class ModelWorkerTest {
    private static final Map<String, Object> PRETRAIN = Map.of("layers", 1, "width", 32, "context", 32, "steps", 12,
            "batch_size", 4, "warmup_steps", 2, "checkpoint_every", 6, "eval_every", 6);

    @TempDir
    Path root;

    @Test
    @Timeout(600)
    void twoModelStagesSubmittedTogetherRunOneAfterTheOtherAndBothFinishCorrectly() throws Exception {
        TemperedConfig config = TemperedConfig.load(null, Map.of()).withDataDir(root.resolve("data")).withWebPort(0);
        try (Platform platform = Platform.start(config)) {
            platform.own(Workers.start(platform, Set.of(TaskQueues.WORKFLOWS, TaskQueues.CPU, TaskQueues.MODEL)));
            WorkflowClient client = platform.client();
            String sources = new SourceImporter(platform.publisher()).importSources(Path.of("..", "examples", "data"),
                    List.of("html"), "test: sources").digest();
            PipelineResult prepared = run(client, "prep", new PipelineSpec("prep", List.of(
                    new StageSpec("ingest", Map.of(), Map.of("sources", sources)),
                    new StageSpec("curate", Map.of("dedup", false), Map.of()),
                    new StageSpec("train-tokenizer", Map.of("vocab_size", 300), Map.of()),
                    new StageSpec("tokenize", Map.of(), Map.of("text", "stage:curate", "tokenizer", "stage:train-tokenizer")),
                    new StageSpec("pretrain", PRETRAIN, Map.of()))));
            String alone = prepared.stages().get(4).primaryOutput();
            String tokens = prepared.stages().get(3).primaryOutput();

            PipelineSpec pretrainOnly = new PipelineSpec("pretrain-again", List.of(
                    new StageSpec("pretrain", PRETRAIN, Map.of("in", tokens))));
            WorkflowStub first = start(client, "together-1", pretrainOnly);
            WorkflowStub second = start(client, "together-2", pretrainOnly);
            PipelineResult a = first.getResult(PipelineResult.class);
            PipelineResult b = second.getResult(PipelineResult.class);
            assertEquals(alone, a.stages().get(0).primaryOutput(), "same checkpoint as the run alone");
            assertEquals(alone, b.stages().get(0).primaryOutput(), "same checkpoint as the run alone");
            assertTrue(!a.stages().get(0).cached() && !b.stages().get(0).cached(), "both trained (no cache)");

            long[] one = pretrainActivity(client, "together-1");
            long[] two = pretrainActivity(client, "together-2");
            assertTrue(one[1] <= two[0] || two[1] <= one[0], "pretrain activities overlapped: [" + one[0] + ", " + one[1]
                    + "] and [" + two[0] + ", " + two[1] + "] (ms since epoch)");
        }
    }

    private static PipelineResult run(WorkflowClient client, String runId, PipelineSpec spec) {
        return start(client, runId, spec).getResult(PipelineResult.class);
    }

    private static WorkflowStub start(WorkflowClient client, String runId, PipelineSpec spec) {
        PipelineWorkflow wf = client.newWorkflowStub(PipelineWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(runId).setTaskQueue(TaskQueues.WORKFLOWS).build());
        WorkflowClient.start(wf::run, new PipelineRequest(runId, spec, true));
        return WorkflowStub.fromTyped(wf);
    }

    /** When the run's pretrain activity started and completed, in epoch milliseconds, from Temporal's history. */
    private static long[] pretrainActivity(WorkflowClient client, String runId) {
        List<HistoryEvent> events = client.fetchHistory(runId).getEvents();
        long scheduledId = events.stream().filter(e -> e.hasActivityTaskScheduledEventAttributes()
                        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Pretrain"))
                .findFirst().orElseThrow().getEventId();
        HistoryEvent started = events.stream().filter(e -> e.hasActivityTaskStartedEventAttributes()
                && e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduledId).findFirst().orElseThrow();
        HistoryEvent completed = events.stream().filter(e -> e.hasActivityTaskCompletedEventAttributes()
                && e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == scheduledId).findFirst().orElseThrow();
        assertEquals(TaskQueues.MODEL, events.stream().filter(e -> e.getEventId() == scheduledId).findFirst().orElseThrow()
                .getActivityTaskScheduledEventAttributes().getTaskQueue().getName());
        return new long[] {millis(started), millis(completed)};
    }

    private static long millis(HistoryEvent e) {
        return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
    }
}
