package dev.tempered.activities.pipeline.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.pipeline.WorkflowRuns;
import dev.tempered.workflows.PipelineProgress;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineResult;
import dev.tempered.workflows.PipelineScheduleRequest;
import dev.tempered.workflows.PipelineScheduleWorkflow;
import dev.tempered.workflows.PipelineScheduleWorkflowImpl;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.StageSpec;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fallback scheduler in the time-skipping test environment with a stand-in pipeline
 * workflow: firings on the interval's boundaries, named after their firing time, a failed run that
 * does not stop the schedule, and continue-as-new after 50 firings. Records the history that
 * {@link PipelineScheduleReplayTest} replays, when run with {@code -Dtempered.recordHistory=true}.
 */
class PipelineScheduleWorkflowTest {
    /** Run ids the stand-in pipeline received, in firing order (a replayed run adds nothing new). */
    static final Set<String> RUNS = Collections.synchronizedSet(new LinkedHashSet<>());

    /** A pipeline that does nothing, except fail on the firing of 10:02. */
    public static class StandInPipeline implements PipelineWorkflow {
        private String runId;

        @Override
        public PipelineResult run(PipelineRequest request) {
            runId = request.runId();
            RUNS.add(runId);
            if (runId.endsWith("T10:02:00Z"))
                throw ApplicationFailure.newNonRetryableFailure("stage noop failed", "StageFailed");
            return new PipelineResult(runId, List.of());
        }

        @Override
        public PipelineProgress progress() {
            return new PipelineProgress(runId, "succeeded", List.of());
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .setInitialTime(java.time.Instant.parse("2026-12-01T10:00:00.500Z"))
            .setDoNotStart(true)
            .build();

    @Test
    void firesOnTheIntervalKeepsGoingAfterAFailureAndContinuesAsNew(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        env.newWorker(TaskQueues.WORKFLOWS)
                .registerWorkflowImplementationTypes(PipelineScheduleWorkflowImpl.class, StandInPipeline.class);
        env.start();
        String id = "nightly-test";
        PipelineScheduleWorkflow schedule = client.newWorkflowStub(
                PipelineScheduleWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        PipelineSpec spec = new PipelineSpec("nightly", List.of(new StageSpec("noop", Map.of(), Map.of())));
        WorkflowClient.start(schedule::run, new PipelineScheduleRequest("nightly", 60, spec, false, 0));

        env.sleep(Duration.ofMinutes(53));
        List<String> fired = List.copyOf(RUNS);
        assertTrue(
                fired.size() >= 52, "firings carry on past continue-as-new and the failed 10:02 run: " + fired.size());
        assertEquals(
                List.of("nightly-2026-12-01T10:01:00Z", "nightly-2026-12-01T10:02:00Z", "nightly-2026-12-01T10:03:00Z"),
                fired.subList(0, 3));
        assertEquals(
                "nightly-2026-12-01T10:51:00Z",
                fired.get(50),
                "the 51st firing, the second run's first, keeps the cadence");
        List<WorkflowExecutionHistory> runs = WorkflowRuns.chain(client, id);
        assertEquals(2, runs.size(), "the 51st firing is the second run's first");
        if (Boolean.getBoolean("tempered.recordHistory")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(
                    Path.of("src/test/resources/histories/pipeline-schedule-50-firings.json.gz")))) {
                out.write(runs.get(0).toJson(true).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
