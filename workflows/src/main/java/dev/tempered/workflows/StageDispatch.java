package dev.tempered.workflows;

/**
 * How the pipeline workflow runs one stage, decided by {@code planStage} from the stage's
 * definition and params, so that the workflow itself holds no per-stage code. It travels in the
 * plan's activity result: it is in the workflow's history, and a replay reads the same dispatch.
 *
 * @param type                 the activity type ({@code Pretrain}, {@code SampleModel}) or the child workflow type
 *                             ({@code CurateWorkflow})
 * @param taskQueue            where the activity or child workflow is scheduled
 * @param startToCloseMillis   an activity's start-to-close timeout; 0 for a child workflow (it has none)
 * @param heartbeatMillis      an activity's heartbeat timeout; 0 for none
 * @param maximumAttempts      an activity's attempts before the stage fails; 0 for a child workflow, which is
 *                             not retried as a whole (its own activities are)
 */
public record StageDispatch(
        Kind kind, String type, String taskQueue, long startToCloseMillis, long heartbeatMillis, int maximumAttempts) {
    public enum Kind {
        ACTIVITY,
        CHILD_WORKFLOW
    }
}
