package dev.tempered.activities.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.LineageActivities;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stage the workflow cannot dispatch fails the run with an ApplicationFailure naming the stage.
 * An exception of any other type thrown in workflow code (the IllegalArgumentException the old
 * per-stage options threw for an unknown device) fails the workflow task instead, which Temporal
 * retries forever: the run would hang as "running". The plan here comes from a lineage worker that
 * predates dispatch (the real bookkeeping, minus the dispatch).
 */
class UndispatchablePlanTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    @Test
    @Timeout(60)
    void aPlanWithoutADispatchFailsTheRunNamingTheStage(TestWorkflowEnvironment env, WorkflowClient client) {
        LineageStore lineage = StorageFixture.get().lineage();
        S3ArtifactStore store = StorageFixture.get().newArtifactStore("undispatchable");
        LineageActivitiesImpl real = new LineageActivitiesImpl(lineage, store);
        var worker = env.newWorker(TaskQueues.WORKFLOWS);
        worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
        worker.registerActivitiesImplementations(new OldLineageWorker(real));
        env.start();

        String runId = "undispatchable-" + UUID.randomUUID();
        PipelineSpec spec =
                new PipelineSpec("old", List.of(new StageSpec("noop", Map.of("salt", System.nanoTime()), Map.of())));
        PipelineWorkflow wf = client.newWorkflowStub(
                PipelineWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(runId)
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        assertThrows(WorkflowFailedException.class, () -> wf.run(new PipelineRequest(runId, spec, true)));
        var run = lineage.run(runId).orElseThrow();
        assertEquals(StageStatus.FAILED, run.status());
        assertTrue(run.error().contains("stage 'noop' was planned without a dispatch"), run.error());
        assertEquals(StageStatus.FAILED, run.stages().get(0).status());
    }

    /** The real bookkeeping, but its plans lack the dispatch, as a lineage worker from before the registry sent them. */
    private record OldLineageWorker(LineageActivitiesImpl real) implements LineageActivities {
        @Override
        public void beginPipelineRun(BeginRunRequest request) {
            real.beginPipelineRun(request);
        }

        @Override
        public StagePlan planStage(PlanStageRequest request) {
            StagePlan p = real.planStage(request);
            return new StagePlan(p.stageRunId(), p.stageVersion(), p.params(), p.cached(), p.result(), null);
        }

        @Override
        public void completeStage(CompleteStageRequest request) {
            real.completeStage(request);
        }

        @Override
        public void failStage(FailStageRequest request) {
            real.failStage(request);
        }

        @Override
        public void finishPipelineRun(FinishRunRequest request) {
            real.finishPipelineRun(request);
        }
    }
}
