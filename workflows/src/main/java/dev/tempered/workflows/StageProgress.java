package dev.tempered.workflows;

/**
 * A stage's state as the pipeline workflow sees it, returned by the progress query.
 *
 * @param status          {@code pending}, {@code running}, {@code succeeded}, {@code failed} or {@code cancelled}
 * @param startedMillis   workflow time (epoch ms) when the stage was planned, 0 before
 * @param finishedMillis  workflow time when it ended, 0 before
 * @param primaryOutput   digest passed to the next stage, null until it succeeds
 */
public record StageProgress(
        String stage,
        String status,
        boolean cached,
        String stageRunId,
        long startedMillis,
        long finishedMillis,
        String primaryOutput,
        String error) {
    public static StageProgress pending(String stage) {
        return new StageProgress(stage, "pending", false, null, 0, 0, null, null);
    }
}
