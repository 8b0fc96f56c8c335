package dev.tempered.activities.retrain;

import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.StageProgress;
import dev.tempered.workflows.retrain.RetrainActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/** The firing's decisions against PostgreSQL ({@link RetrainScheduleStore}, the model registry). */
public final class RetrainActivitiesImpl implements RetrainActivities {
    /** What a firing answers while its schedule is paused: nothing is recorded. */
    public static final String PAUSED = "paused";

    private final LineageStore lineage;

    public RetrainActivitiesImpl(LineageStore lineage) {
        this.lineage = lineage;
    }

    private RetrainScheduleStore schedules() {
        return new RetrainScheduleStore(lineage.dataSource());
    }

    @Override
    public FiringPlan beginRetrainFiring(FiringRequest request) {
        RetrainScheduleStore store = schedules();
        var schedule = store.get(request.schedule())
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "no retraining schedule '" + request.schedule() + "' in the database (deleted?)",
                        "NoSuchSchedule"));
        if (schedule.paused()) return new FiringPlan(PAUSED, 0, schedule.minNewLabels(), "schedule paused", null, null);
        PipelineSpec pipeline;
        try {
            pipeline = Json.MAPPER.readValue(schedule.pipelineJson(), PipelineSpec.class);
            RetrainPipelines.check(pipeline);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "schedule " + request.schedule() + ": " + e.getMessage(), "InvalidPipelineSpec");
        }
        RetrainFiring f =
                store.beginFiring(request.schedule(), request.firingId(), RetrainPipelines.projects(pipeline));
        if (!RetrainFiring.STARTED.equals(f.status())) {
            return new FiringPlan(f.status(), f.newLabels(), f.minNewLabels(), f.message(), null, null);
        }
        PipelineSpec spec = RetrainPipelines.withWatermark(pipeline, f.watermark());
        String runId = f.firingId() + "-run";
        store.attachRun(f.firingId(), runId);
        return new FiringPlan(f.status(), f.newLabels(), f.minNewLabels(), null, spec, runId);
    }

    /**
     * The newest model version this run registered (evaluate registers the checkpoints it scores,
     * with the run that wrote them). None when the run evaluated only models of earlier runs (PPO
     * kept its starting model, or every evaluation came from the cache); a failure when it
     * evaluated nothing at all, since then the pipeline cannot ever produce a candidate.
     */
    @Override
    public Candidate findRetrainCandidate(FindCandidateRequest request) {
        String runId = request.run().runId();
        Optional<ModelVersion> fresh =
                lineage.modelRegistry().registeredByRun(runId).stream().findFirst();
        if (fresh.isPresent())
            return new Candidate(fresh.get().model(), fresh.get().version());
        for (StageProgress stage : request.run().stages()) {
            String output = stage.primaryOutput();
            if (output != null
                    && lineage.artifact(output)
                            .map(a -> ReportCard.KIND.equals(a.kind()))
                            .orElse(false)) {
                return Candidate.NONE;
            }
        }
        throw ApplicationFailure.newNonRetryableFailure(
                "run " + runId + " evaluated no model, so there is nothing to promote: end the retraining pipeline "
                        + "with an evaluate stage of the new policy (a chat or RL checkpoint)",
                "NoCandidate");
    }

    @Override
    public void finishRetrainFiring(FinishRequest request) {
        schedules()
                .finishFiring(
                        request.firingId(),
                        request.succeeded() ? RetrainFiring.SUCCEEDED : RetrainFiring.FAILED,
                        request.message(),
                        request.promotionId());
    }
}
