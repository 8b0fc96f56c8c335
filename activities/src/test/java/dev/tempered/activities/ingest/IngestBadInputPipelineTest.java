package dev.tempered.activities.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.StageWarnings;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.PipelineWorkflowImpl;
import dev.tempered.workflows.StageSpec;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the pipeline workflow and the real ingest activity, on embedded PostgreSQL and
 * S3: a plain-text file given as a WARC fails the stage naming it (it used to succeed with 0 pages),
 * and the sample WARC cut at 50 % succeeds with a warning that makes the run "succeeded with warnings".
 */
class IngestBadInputPipelineTest {
    private static LineageStore lineage;
    private static S3ArtifactStore store;

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void storage() {
        lineage = StorageFixture.get().lineage();
        store = StorageFixture.get().newArtifactStore("ingest-bad-input");
    }

    private PipelineRunRecord ingestOnly(TestWorkflowEnvironment env, WorkflowClient client, Path source)
            throws Exception {
        ArtifactPublisher publisher = new ArtifactPublisher(store, lineage);
        Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
        workflows.registerActivitiesImplementations(new LineageActivitiesImpl(lineage, store));
        env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(new IngestActivitiesImpl(publisher));
        env.start();
        String sources = new SourceImporter(publisher)
                .importSources(source.getParent(), List.of(source.getFileName().toString()), "test")
                .digest();
        String runId = "bad-input-" + UUID.randomUUID();
        PipelineSpec spec =
                new PipelineSpec("bad-input", List.of(new StageSpec("ingest", Map.of(), Map.of("sources", sources))));
        PipelineWorkflow stub = client.newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(runId)
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        try {
            stub.run(new PipelineRequest(runId, spec, false));
        } catch (WorkflowFailedException expectedForBadInput) {
            // The run record says what happened; the assertions read it.
        }
        return lineage.run(runId).orElseThrow();
    }

    @Test
    void aPlainTextFileGivenAsAWarcFailsTheStageNamingTheFile(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        Path notes = Files.copy(Path.of("..", "examples", "data", "README.md"), dir.resolve("notes.txt"));
        PipelineRunRecord run = ingestOnly(env, client, notes);
        StageRunRecord ingest = run.stages().get(0);
        assertEquals(StageStatus.FAILED, run.status());
        assertEquals(StageStatus.FAILED, ingest.status());
        assertTrue(
                ingest.error().contains("ingest found no pages in notes.txt: notes.txt is not a WARC file"),
                ingest.error());
    }

    @Test
    void aWarcCutInHalfSucceedsWithAWarningOnTheRun(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        byte[] whole = Files.readAllBytes(Path.of("..", "examples", "data", "sample.warc.gz"));
        Path cut = Files.write(dir.resolve("sample-cut.warc.gz"), Arrays.copyOf(whole, whole.length / 2));
        PipelineRunRecord run = ingestOnly(env, client, cut);
        StageRunRecord ingest = run.stages().get(0);
        assertEquals(StageStatus.SUCCEEDED, run.status());
        assertEquals(StageWarnings.SUCCEEDED_WITH_WARNINGS, StageWarnings.displayStatus(run));
        List<String> warnings = StageWarnings.of(run);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(
                warnings.get(0)
                        .startsWith("ingest: sample-cut.warc.gz is cut short: the file ends inside the record"
                                + " at byte "),
                warnings.get(0));
        assertTrue(
                ((Number) ingest.summary().get("pages")).longValue() > 300,
                ingest.summary().toString());
    }
}
