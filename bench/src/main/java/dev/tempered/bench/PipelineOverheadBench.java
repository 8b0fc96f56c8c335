package dev.tempered.bench;

import dev.tempered.activities.noop.NoopStage;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineResult;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.StageProgress;
import dev.tempered.workflows.StageSpec;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs pipelines of N {@code noop} stages ({@code duration_ms: 0}) through the real pipeline
 * workflow and lineage activities, so every millisecond measured is orchestration.
 *
 * <p>Two measurements per run: the client-side wall time of the whole pipeline (start to result),
 * and the stage cycle, the time from one stage's {@code planStage} row insert to the next one's,
 * read from {@code stage_runs.started_at} (PostgreSQL {@code now()}, microseconds). A cycle is
 * everything one stage costs: plan, dispatch and run the stage activity, complete, and the
 * workflow tasks between them. A run of N stages gives N - 1 cycles.
 *
 * <p>Not handled: cached stages (every run passes {@code noCache} and distinct salts, and a
 * cached stage fails the bench), stages with real inputs or outputs (no artifact I/O here).
 */
final class PipelineOverheadBench {
    private final Platform platform;
    /** Distinct per stage across the whole bench so no two stages share a cache key. */
    private long nextSalt = 1;

    PipelineOverheadBench(Platform platform) {
        this.platform = platform;
    }

    /** One pipeline run: its wall time and its stage cycles, in milliseconds. */
    record Run(String runId, int stages, double wallMs, List<Double> stageCycleMs) {}

    Run runOnce(int stages, String label) {
        List<StageSpec> specs = new ArrayList<>();
        for (int i = 0; i < stages; i++) {
            specs.add(
                    new StageSpec(NoopStage.DEFINITION.name(), Map.of("duration_ms", 0, "salt", nextSalt++), Map.of()));
        }
        String runId = "bench-n" + stages + "-" + label + "-" + System.currentTimeMillis();
        PipelineWorkflow workflow = platform.client()
                .newWorkflowStub(
                        PipelineWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(runId)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                // Bounds a stuck bench; a 50-stage run takes seconds.
                                .setWorkflowExecutionTimeout(Duration.ofMinutes(5))
                                .build());
        long t0 = System.nanoTime();
        PipelineResult result =
                workflow.run(new PipelineRequest(runId, new PipelineSpec("bench-noop-" + stages, specs), true));
        double wallMs = (System.nanoTime() - t0) / 1e6;

        for (int i = 0; i < result.stages().size(); i++) {
            StageProgress s = result.stages().get(i);
            if (!"succeeded".equals(s.status()) || s.cached()) {
                throw new IllegalStateException("run " + runId + " stage " + i + " is " + s.status()
                        + (s.cached() ? " (cached)" : "") + "; the bench needs every stage executed, not cached");
            }
        }
        PipelineRunRecord record = platform.lineage()
                .run(runId)
                .orElseThrow(() ->
                        new IllegalStateException("run " + runId + " finished but is missing from the lineage store"));
        List<StageRunRecord> rows = record.stages().stream()
                .sorted(Comparator.comparingInt(StageRunRecord::position))
                .toList();
        if (rows.size() != stages) {
            throw new IllegalStateException(
                    "run " + runId + " has " + rows.size() + " stage rows in lineage, expected " + stages);
        }
        List<Double> cycles = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            cycles.add(Duration.between(rows.get(i - 1).started(), rows.get(i).started())
                            .toNanos()
                    / 1e6);
        }
        return new Run(runId, stages, wallMs, cycles);
    }
}
