package dev.tempered.activities.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.ingest.SourceImporter;
import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.stage.StageServices;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.FailureText;
import dev.tempered.workflows.PipelineProgress;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineResult;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.PipelineWorkflowImpl;
import dev.tempered.workflows.StageSpec;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline workflow in Temporal's test environment with the real activities, a real
 * PostgreSQL lineage store and a real S3 store.
 */
class PipelineWorkflowTest {
    private static LineageStore lineage;
    private static S3ArtifactStore store;
    private static ArtifactPublisher publisher;

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    @BeforeAll
    static void storage() {
        StorageFixture fixture = StorageFixture.get();
        lineage = fixture.lineage();
        store = fixture.newArtifactStore("pipeline-test");
        publisher = new ArtifactPublisher(store, lineage);
    }

    /** The lineage store the workers record to, for tests of this package that share these workers. */
    static LineageStore lineageStore() {
        return lineage;
    }

    /** Workers on the platform's real queues, registered from the stage registry as the app does. */
    static void startWorkers(TestWorkflowEnvironment env) {
        startWorkers(env, dev.tempered.activities.lineage.openlineage.StageRunEvents.NONE);
    }

    /** The same, with {@code events} told of every stage run (the OpenLineage export test). */
    static void startWorkers(
            TestWorkflowEnvironment env, dev.tempered.activities.lineage.openlineage.StageRunEvents events) {
        StageServices services = new StageServices(publisher);
        Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
        for (Class<?> child : StageRegistry.childWorkflowImplementations())
            workflows.registerWorkflowImplementationTypes(child);
        workflows.registerActivitiesImplementations(new LineageActivitiesImpl(lineage, store, events));
        env.newWorker(TaskQueues.CPU)
                .registerActivitiesImplementations(StageRegistry.activityImplementations(TaskQueues.CPU, services)
                        .toArray());
        // Model stages only on the gpu queue here: a stage routed to the model queue would wait forever.
        env.newWorker(TaskQueues.GPU)
                .registerActivitiesImplementations(StageRegistry.activityImplementations(TaskQueues.GPU, services)
                        .toArray());
        env.start();
    }

    /**
     * The sample corpus' loose HTML files, each ending in a comment of its own, so that each test
     * has its own source bytes and cache key in the shared lineage database (the cache key counts
     * the sources' content, not their paths).
     */
    static String importHtmlFixtures() throws Exception {
        Path base = Files.createTempDirectory("pipeline-test");
        Path dir = base.resolve("html-" + UUID.randomUUID());
        Files.createDirectories(dir);
        String mark = "\n<!-- " + UUID.randomUUID() + " -->\n";
        try (var files = Files.list(Path.of("..", "examples", "data", "html"))) {
            for (Path f : files.toList()) {
                Path copy = dir.resolve(f.getFileName());
                Files.copy(f, copy);
                Files.writeString(copy, mark, java.nio.file.StandardOpenOption.APPEND);
            }
        }
        return new SourceImporter(publisher)
                .importSources(base, List.of(dir.getFileName().toString()), "test: sources")
                .digest();
    }

    static PipelineSpec ingestPipeline(String sources) {
        return new PipelineSpec(
                "ingest-test",
                List.of(
                        new StageSpec("ingest", Map.of("shard_max_mb", 1), Map.of("sources", sources)),
                        new StageSpec("noop", Map.of(), Map.of())));
    }

    static PipelineResult run(WorkflowClient client, PipelineSpec spec, boolean noCache, String runId) {
        PipelineWorkflow wf = client.newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(runId)
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        return wf.run(new PipelineRequest(runId, spec, noCache));
    }

    @Test
    void ingestRecordsLineageThenCachesThenRerunsOnRequest(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        startWorkers(env);
        PipelineSpec spec = ingestPipeline(importHtmlFixtures());

        String first = "first-" + UUID.randomUUID();
        PipelineResult result = run(client, spec, false, first);
        PipelineRunRecord run = lineage.run(first).orElseThrow();
        assertEquals(StageStatus.SUCCEEDED, run.status());
        StageRunRecord ingest = run.stages().get(0);
        assertEquals("ingest", ingest.stage());
        assertEquals(StageStatus.SUCCEEDED, ingest.status());
        String manifest = result.stages().get(0).primaryOutput();
        assertEquals(manifest, ingest.summary().get(LineageActivitiesImpl.PRIMARY_OUTPUT));
        // The 11 loose HTML files of the sample corpus are 11 pages.
        assertEquals(11, ((Number) ingest.summary().get("pages")).intValue());
        Map<String, Object> manifestJson = Json.readMap(new String(store.readAllBytes(manifest)));
        assertEquals(11, ((Number) manifestJson.get("pages")).intValue());
        assertEquals(
                "manifest",
                ingest.outputs().stream()
                        .filter(o -> o.digest().equals(manifest))
                        .findFirst()
                        .orElseThrow()
                        .name());
        // The noop stage received ingest's manifest as its default input "in".
        assertEquals(manifest, run.stages().get(1).inputs().get(0).digest());

        String second = "second-" + UUID.randomUUID();
        PipelineResult cached = run(client, spec, false, second);
        assertTrue(cached.stages().get(0).cached());
        assertEquals(manifest, cached.stages().get(0).primaryOutput());
        StageRunRecord cachedRun = lineage.run(second).orElseThrow().stages().get(0);
        assertTrue(cachedRun.cached());
        assertEquals(ingest.id(), cachedRun.cachedFrom());

        String third = "third-" + UUID.randomUUID();
        PipelineResult rerun = run(client, spec, true, third);
        assertFalse(rerun.stages().get(0).cached());
        assertEquals(manifest, rerun.stages().get(0).primaryOutput(), "ingest is deterministic");
    }

    @Test
    void aStageRunTwiceHasAnIdPerRunAndReadsNamedOutputsOfEarlierStages(
            TestWorkflowEnvironment env, WorkflowClient client) throws Exception {
        startWorkers(env);
        String sources = importHtmlFixtures();
        PipelineSpec spec = new PipelineSpec(
                "ids-test",
                List.of(
                        new StageSpec("ingest", Map.of("shard_max_mb", 1), Map.of("sources", sources)),
                        new StageSpec("noop", Map.of(), Map.of("in", "stage:ingest.manifest"), "noop-a"),
                        new StageSpec("noop", Map.of("salt", 2), Map.of("in", "stage:noop-a"), "noop-b"),
                        // Takes no input: the implicit "in" (noop-b's output) is not passed to it.
                        new StageSpec(
                                "synthesize",
                                Map.of("arithmetic", 5, "spelling", 5, "identity", 5, "tasks", List.of("arithmetic")),
                                Map.of())));
        String runId = "ids-" + UUID.randomUUID();
        PipelineResult result = run(client, spec, true, runId);

        assertEquals(
                List.of("ingest", "noop-a", "noop-b", "synthesize"),
                result.stages().stream().map(s -> s.stage()).toList());
        String manifest = result.stages().get(0).primaryOutput();
        PipelineRunRecord run = lineage.run(runId).orElseThrow();
        // Both runs are of the registered stage 'noop'; each got the manifest through its reference.
        assertEquals(
                List.of("ingest", "noop", "noop", "synthesize"),
                run.stages().stream().map(StageRunRecord::stage).toList());
        assertEquals(manifest, run.stages().get(1).inputs().get(0).digest());
        assertEquals(manifest, run.stages().get(2).inputs().get(0).digest());
        assertEquals(List.of(), run.stages().get(3).inputs(), "synthesize takes no input, so none is recorded");

        PipelineSpec typo = new PipelineSpec(
                "ids-test",
                List.of(
                        new StageSpec("ingest", Map.of("shard_max_mb", 1), Map.of("sources", sources)),
                        new StageSpec("noop", Map.of(), Map.of("in", "stage:ingest.manifests"))));
        WorkflowFailedException e = assertThrows(
                WorkflowFailedException.class, () -> run(client, typo, false, "typo-" + UUID.randomUUID()));
        String message = String.valueOf(e.getCause().getMessage());
        assertTrue(message.contains("stage 'ingest' has no output 'manifests'"), message);
    }

    @Test
    void aMissingInputFailsTheRunWithTheDigestNamed(TestWorkflowEnvironment env, WorkflowClient client) {
        startWorkers(env);
        String ghost = "0".repeat(64);
        String runId = "ghost-" + UUID.randomUUID();
        WorkflowFailedException e =
                assertThrows(WorkflowFailedException.class, () -> run(client, ingestPipeline(ghost), false, runId));
        assertNotNull(e.getCause());
        PipelineRunRecord run = lineage.run(runId).orElseThrow();
        assertEquals(StageStatus.FAILED, run.status());
        assertTrue(run.error().contains(ghost), run.error());
        assertTrue(run.stages().isEmpty(), "planning failed, so no stage run was recorded");
    }

    @Test
    void aBadParameterFailsTheRunNamingTheField(TestWorkflowEnvironment env, WorkflowClient client) {
        startWorkers(env);
        String runId = "badparam-" + UUID.randomUUID();
        PipelineSpec spec =
                new PipelineSpec("bad", List.of(new StageSpec("noop", Map.of("duration_ms", -5), Map.of())));
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> run(client, spec, false, runId));
        String error = lineage.run(runId).orElseThrow().error();
        assertTrue(error.contains("stages[0].params.duration_ms"), error);
        // What `tempered run` prints: the sentence the lineage keeps, not Temporal's
        // "message='…', type='StageFailed', nonRetryable=true" wrapping of it.
        assertEquals(error, FailureText.of(e));
        assertEquals(error, FailureText.of(e.getCause()));
    }

    /**
     * {@code device: gpu} sends pretrain to the gpu queue; this machine has no GPU, so the gpu
     * worker refuses it at once with a message naming the problem, and it is not retried.
     */
    @Test
    @Timeout(120)
    void aGpuStageOnAWorkerWithoutAGpuFailsSayingSo(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        startWorkers(env);
        String runId = "gpu-" + UUID.randomUUID();
        PipelineSpec spec = new PipelineSpec(
                "gpu",
                List.of(new StageSpec(
                        "pretrain", Map.of("device", "gpu", "steps", 1), Map.of("in", importHtmlFixtures()))));
        assertThrows(WorkflowFailedException.class, () -> run(client, spec, false, runId));
        PipelineRunRecord run = lineage.run(runId).orElseThrow();
        assertEquals(StageStatus.FAILED, run.status());
        StageRunRecord pretrain = run.stages().get(0);
        assertEquals(StageStatus.FAILED, pretrain.status());
        assertTrue(
                pretrain.error().contains("pretrain asked for device gpu, but worker")
                        && pretrain.error().contains("has no GPU that DJL can use")
                        && pretrain.error().contains("set device: cpu"),
                pretrain.error());
        long attempts = client.fetchHistory(runId).getEvents().stream()
                .filter(e -> e.hasActivityTaskStartedEventAttributes()
                        && e.getActivityTaskStartedEventAttributes().getAttempt() > 1)
                .count();
        assertEquals(0, attempts, "not retried");
    }

    @Test
    void cancellingARunEndsItsRunningStageAsCancelled(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        startWorkers(env);
        String runId = "cancel-" + UUID.randomUUID();
        PipelineSpec spec = new PipelineSpec(
                "slow",
                List.of(new StageSpec("noop", Map.of("duration_ms", 60_000, "salt", System.nanoTime()), Map.of())));
        PipelineWorkflow wf = client.newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(runId)
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        WorkflowClient.start(wf::run, new PipelineRequest(runId, spec, false));
        WorkflowStub stub = client.newUntypedWorkflowStub(runId);
        PipelineProgress progress;
        long deadline = System.currentTimeMillis() + 30_000;
        do {
            Thread.sleep(100);
            progress = stub.query("progress", PipelineProgress.class);
        } while (!"running".equals(progress.stages().get(0).status()) && System.currentTimeMillis() < deadline);
        assertEquals("running", progress.stages().get(0).status());
        stub.cancel();
        assertThrows(Exception.class, () -> stub.getResult(PipelineResult.class));
        PipelineRunRecord run = lineage.run(runId).orElseThrow();
        assertEquals(StageStatus.CANCELLED, run.status());
        assertEquals(StageStatus.CANCELLED, run.stages().get(0).status());
    }

    /**
     * The workflow runs each stage as its plan says: noop as activity {@code Noop} on the cpu queue
     * with the timeouts and attempts of its definition, curate as child workflow
     * {@code CurateWorkflow} on the workflows queue.
     */
    @Test
    @Timeout(300)
    void stagesAreDispatchedAsTheirDefinitionsSay(TestWorkflowEnvironment env, WorkflowClient client) throws Exception {
        startWorkers(env);
        String runId = "dispatch-" + UUID.randomUUID();
        PipelineSpec spec = new PipelineSpec(
                "dispatch",
                List.of(
                        new StageSpec("ingest", Map.of(), Map.of("sources", importHtmlFixtures())),
                        new StageSpec("curate", Map.of("dedup", false), Map.of()),
                        new StageSpec("noop", Map.of("salt", System.nanoTime()), Map.of())));
        PipelineResult result = run(client, spec, true, runId);
        assertEquals(
                List.of("succeeded", "succeeded", "succeeded"),
                result.stages().stream().map(s -> s.status()).toList());
        var events = client.fetchHistory(runId).getEvents();

        var noop = events.stream()
                .filter(e -> e.hasActivityTaskScheduledEventAttributes()
                        && e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName()
                                .equals("Noop"))
                .findFirst()
                .orElseThrow()
                .getActivityTaskScheduledEventAttributes();
        assertEquals(TaskQueues.CPU, noop.getTaskQueue().getName());
        assertEquals(10, noop.getHeartbeatTimeout().getSeconds());
        assertEquals(600, noop.getStartToCloseTimeout().getSeconds());
        assertEquals(3, noop.getRetryPolicy().getMaximumAttempts());
        assertTrue(
                noop.getRetryPolicy().getNonRetryableErrorTypesList().contains("java.lang.IllegalArgumentException"));

        var curate = events.stream()
                .filter(e -> e.hasStartChildWorkflowExecutionInitiatedEventAttributes())
                .findFirst()
                .orElseThrow()
                .getStartChildWorkflowExecutionInitiatedEventAttributes();
        assertEquals("CurateWorkflow", curate.getWorkflowType().getName());
        assertEquals(TaskQueues.WORKFLOWS, curate.getTaskQueue().getName());
        assertEquals(runId + "-curate", curate.getWorkflowId());
        StageRunRecord curated = lineage.run(runId).orElseThrow().stages().get(1);
        assertEquals(
                "text-manifest",
                lineage.artifact(curated.summary()
                                .get(LineageActivitiesImpl.PRIMARY_OUTPUT)
                                .toString())
                        .orElseThrow()
                        .kind());
        // The curated manifest reached noop as its input "in".
        assertEquals(
                result.stages().get(1).primaryOutput(), result.stages().get(2).primaryOutput());
    }

    @Test
    void aStageWithoutARequiredInputFailsAtPlanningNamingIt(TestWorkflowEnvironment env, WorkflowClient client) {
        startWorkers(env);
        String runId = "noinput-" + UUID.randomUUID();
        PipelineSpec spec = new PipelineSpec("noinput", List.of(new StageSpec("pretrain", Map.of(), Map.of())));
        assertThrows(WorkflowFailedException.class, () -> run(client, spec, false, runId));
        String error = lineage.run(runId).orElseThrow().error();
        assertTrue(error.contains("stages[0] (pretrain) needs input 'in' (token-manifest)"), error);
    }

    @Test
    void recordsAHistoryForTheReplayTestWhenAsked(TestWorkflowEnvironment env, WorkflowClient client) throws Exception {
        startWorkers(env);
        String runId = "replay-source-" + UUID.randomUUID();
        run(client, ingestPipeline(importHtmlFixtures()), true, runId);
        String history = client.fetchHistory(runId).toJson(true);
        // Regenerate the committed history with -Dtempered.recordHistory=true after an intended workflow change.
        if (Boolean.getBoolean("tempered.recordHistory")) {
            Files.writeString(Path.of("src/test/resources/histories/pipeline-ingest-noop.json"), history);
        }
        assertTrue(
                history.contains("\"Ingest\"") && history.contains("\"Noop\"") && history.contains("\"PlanStage\""),
                "history has the stage and bookkeeping activities");
    }
}
