package dev.tempered.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.app.platform.PipelineFile;
import dev.tempered.app.platform.PipelineSubmitter;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo pipeline made smaller (fewer pretraining steps) so that several undisturbed and
 * disturbed runs fit in the integration suite, and the ways the fault tests watch a run.
 */
final class PipelineFixture {
    private PipelineFixture() {}

    static Path write(Path dir) throws Exception {
        Path data = Path.of("..", "examples", "data").toAbsolutePath().normalize();
        Path file = dir.resolve("topology.yaml");
        Files.writeString(file, """
                name: topology
                stages:
                  - stage: ingest
                    params: {sources: [%s, %s], shard_max_mb: 2}
                  - stage: curate
                    params: {chunk_docs: 100}
                  - stage: train-tokenizer
                    params: {vocab_size: 2048}
                  - stage: tokenize
                    inputs: {text: "stage:curate", tokenizer: "stage:train-tokenizer"}
                  - stage: pretrain
                    params: {steps: 60, batch_size: 8, warmup_steps: 10, checkpoint_every: 15, eval_every: 30}
                  - stage: sample
                    inputs: {model: "stage:pretrain", tokenizer: "stage:train-tokenizer"}
                    params: {max_tokens: 24}
                """.formatted(data.resolve("sample.warc.gz"), data.resolve("html")));
        return file;
    }

    /** Starts the pipeline with the cache off, so every stage really runs. */
    static String submit(Platform platform, Path pipeline) throws Exception {
        return PipelineSubmitter.submit(platform, PipelineFile.read(pipeline), true);
    }

    /**
     * Waits for the run's end through lineage (the system of record), which stays readable while
     * the Temporal server is down.
     */
    static PipelineRunRecord awaitEnd(Platform platform, String runId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10 * 60_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<PipelineRunRecord> run = platform.lineage().run(runId);
            if (run.isPresent() && run.get().status() != StageStatus.RUNNING) return run.get();
            Thread.sleep(250);
        }
        throw new AssertionError("run " + runId + " did not finish in 10 minutes");
    }

    static PipelineRunRecord awaitSuccess(Platform platform, String runId) throws InterruptedException {
        PipelineRunRecord run = awaitEnd(platform, runId);
        assertEquals(StageStatus.SUCCEEDED, run.status(), "run " + runId + " failed: " + run.error());
        return run;
    }

    /** Every output of every stage, by stage: what "byte-identical" compares (outputs are content-addressed). */
    static Map<String, List<ArtifactRef>> outputs(PipelineRunRecord run) {
        Map<String, List<ArtifactRef>> out = new LinkedHashMap<>();
        for (StageRunRecord s : run.stages()) out.put(s.stage(), s.outputs());
        return out;
    }

    /**
     * Equal outputs per stage, model stages included (checkpoints and samples are bit-reproducible
     * across worker processes: see Gpt.scalar); a failure names the stages and artifacts that
     * differ, not two whole maps.
     */
    static void assertSameOutputs(Map<String, List<ArtifactRef>> expected, Map<String, List<ArtifactRef>> actual) {
        StringBuilder diff = new StringBuilder();
        for (String stage : expected.keySet()) {
            List<ArtifactRef> e = expected.get(stage);
            List<ArtifactRef> a = actual.getOrDefault(stage, List.of());
            if (e.equals(a)) continue;
            diff.append("\n  ")
                    .append(stage)
                    .append(": only undisturbed ")
                    .append(e.stream().filter(x -> !a.contains(x)).toList())
                    .append(", only disturbed ")
                    .append(a.stream().filter(x -> !e.contains(x)).toList());
        }
        if (!expected.keySet().equals(actual.keySet()))
            diff.append("\n  stages ").append(actual.keySet());
        if (!diff.isEmpty()) throw new AssertionError("outputs differ from the undisturbed run:" + diff);
    }

    /** Both comparisons of a disturbed run with the undisturbed one: outputs per stage, and training. */
    static void assertLikeUndisturbed(Platform platform, PipelineRunRecord undisturbed, PipelineRunRecord run) {
        assertSameOutputs(outputs(undisturbed), outputs(run));
        assertSameTraining(platform, undisturbed, run);
    }

    /**
     * The disturbed run's pretraining recorded the undisturbed run's loss at every step, each once
     * and equal to the bit: nothing lost to the fault, and a resumed run continues exactly.
     */
    static void assertSameTraining(Platform platform, PipelineRunRecord expected, PipelineRunRecord actual) {
        List<dev.tempered.storage.MetricPoint> e = losses(platform, expected);
        List<dev.tempered.storage.MetricPoint> a = losses(platform, actual);
        assertEquals(
                e.stream().map(dev.tempered.storage.MetricPoint::step).toList(),
                a.stream().map(dev.tempered.storage.MetricPoint::step).toList(),
                "a loss at every step, each once");
        for (int i = 0; i < e.size(); i++) {
            assertEquals(
                    e.get(i).value(),
                    a.get(i).value(),
                    "loss at step " + e.get(i).step() + " as in the undisturbed run");
        }
    }

    private static List<dev.tempered.storage.MetricPoint> losses(Platform platform, PipelineRunRecord run) {
        StageRunRecord pretrain = run.stages().stream()
                .filter(s -> s.stage().equals("pretrain"))
                .findFirst()
                .orElseThrow();
        // Without the time each point was recorded: runs differ in that, not in (step, value).
        return platform.lineage().metrics(pretrain.id(), 0).stream()
                .filter(m -> m.name().equals("loss"))
                .map(m -> dev.tempered.storage.MetricPoint.of(m.step(), m.name(), m.value()))
                .toList();
    }

    static Optional<StageRunRecord> stage(Platform platform, String runId, String name) {
        return platform.lineage()
                .run(runId)
                .flatMap(r ->
                        r.stages().stream().filter(s -> s.stage().equals(name)).findFirst());
    }

    /** The running activity of a type in the pipeline workflow, as Temporal describes it. */
    static Optional<PendingActivityInfo> pendingActivity(Platform platform, String runId, String type) {
        var response = platform.client()
                .getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(platform.config().temporalNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(runId))
                        .build());
        return response.getPendingActivitiesList().stream()
                .filter(a -> a.getActivityType().getName().equals(type))
                .findFirst();
    }
}
