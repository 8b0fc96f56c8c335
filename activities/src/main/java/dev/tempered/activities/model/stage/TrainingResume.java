package dev.tempered.activities.model.stage;

import dev.tempered.activities.training.TrainingProgress;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.UnfinishedAttempt;
import io.temporal.activity.ActivityExecutionContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a training stage (pretrain, sft) starts. A Temporal retry of this attempt resumes from its
 * own last heartbeat. Otherwise a rerun of the same work (same cache key) resumes from the newest
 * checkpoint of an earlier run that ended unfinished (failed, cancelled or lost): a platform
 * restart loses the embedded Temporal server's workflows and with them every heartbeat, but
 * lineage keeps the checkpoints each run linked as it published them. Otherwise step 0.
 *
 * <p>Training is deterministic for a cache key (params, inputs and seed), so the earlier run's
 * checkpoints are the ones this run would write itself, and resuming from them ends on the same
 * bytes. Not handled: checkpoints of a run with other params (another key) are never used.
 *
 * @param progress where the training loop starts
 * @param fromPipelineRun the pipeline run of the unfinished attempt resumed from; null otherwise
 */
public record TrainingResume(TrainingProgress progress, String fromPipelineRun) {
    public static final TrainingResume START = new TrainingResume(TrainingProgress.START, null);

    /**
     * @param stageRunId this run's stage run; null outside a pipeline (only the heartbeat counts)
     */
    public static TrainingResume find(ActivityExecutionContext ctx, ArtifactPublisher publisher, UUID stageRunId) {
        Optional<TrainingHeartbeat> beat = ctx.getHeartbeatDetails(TrainingHeartbeat.class);
        if (beat.isPresent()) return new TrainingResume(beat.get().resumePoint(), null);
        if (stageRunId == null) return START;
        Optional<UnfinishedAttempt> earlier = publisher.lineage().unfinishedAttemptOf(stageRunId);
        if (earlier.isEmpty()) return START;
        // The loop numbers checkpoints by position, so only an unbroken run of stored ones from the
        // first counts; the newest of those is the resume point.
        List<NamedDigest> kept = earlier.get().checkpoints().stream()
                .takeWhile(c -> publisher.store().exists(c.digest()))
                .toList();
        if (kept.isEmpty()) return START;
        // Linked at once, so that this run's lineage shows every checkpoint even if it is lost in turn
        // (the next rerun then finds them all here).
        publisher.lineage().addStageOutputs(stageRunId, kept);
        NamedDigest newest = kept.get(kept.size() - 1);
        return new TrainingResume(
                new TrainingProgress(
                        UnfinishedAttempt.stepOf(newest),
                        newest.digest(),
                        kept.stream().map(NamedDigest::digest).toList()),
                earlier.get().pipelineRunId());
    }

    /** What the stage summary says under {@code resumed}; null unless an earlier run's checkpoint was used. */
    public String sentence() {
        return fromPipelineRun == null ? null : "resumed from step " + progress.step() + " of run " + fromPipelineRun;
    }
}
