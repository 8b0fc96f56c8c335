package dev.tempered.workflows.retrain;

import dev.tempered.workflows.PipelineResult;
import dev.tempered.workflows.PipelineSpec;
import io.temporal.activity.ActivityInterface;

/**
 * The decisions of a retraining firing, all against PostgreSQL: whether to retrain, which model
 * version the run produced, and how the firing ended. The firing workflow only orchestrates.
 */
@ActivityInterface
public interface RetrainActivities {
    /** One firing of schedule {@code schedule}, with its workflow id. */
    record FiringRequest(String schedule, String firingId) {}

    /**
     * What the firing does.
     *
     * @param status {@code started} (retrain: run {@code spec} as {@code runId}), {@code skipped},
     *     {@code overlap}, or {@code paused} (nothing recorded)
     * @param spec the schedule's pipeline with every {@code label-snapshot} stage's {@code until}
     *     set to the watermark; null unless started
     */
    record FiringPlan(String status, int newLabels, int minNewLabels, String message, PipelineSpec spec, String runId) {
        public boolean retrains() {
            return "started".equals(status);
        }
    }

    /**
     * The model version to promote: the newest one whose checkpoint the run wrote. {@link #NONE}
     * when the run evaluated only models of earlier runs, as when PPO kept its starting model: the
     * labels were trained on, but there is no new model.
     */
    record Candidate(String model, int version) {
        public static final Candidate NONE = new Candidate(null, 0);

        // Not isNone(): Jackson would write an is-getter into the payload as a property.
        public boolean missing() {
            return model == null;
        }
    }

    record FindCandidateRequest(String firingId, PipelineResult run) {}

    record FinishRequest(String firingId, boolean succeeded, String message, String promotionId) {}

    FiringPlan beginRetrainFiring(FiringRequest request);

    /** @throws io.temporal.failure.ApplicationFailure (non-retryable) when the run evaluated no model at all */
    Candidate findRetrainCandidate(FindCandidateRequest request);

    void finishRetrainFiring(FinishRequest request);
}
