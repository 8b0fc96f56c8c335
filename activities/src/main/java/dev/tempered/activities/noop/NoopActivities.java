package dev.tempered.activities.noop;

import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityInterface;

/** Stage {@code noop}: heartbeats for a while and returns; measures orchestration overhead. */
@ActivityInterface
public interface NoopActivities {
    StageResult noop(StageRequest request);
}
