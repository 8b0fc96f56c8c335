package dev.tempered.activities.noop;

import dev.tempered.activities.stage.StageParams;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import java.util.Map;

/** Stays busy for {@code duration_ms}, heartbeating, and passes its input through unchanged. */
public final class NoopActivitiesImpl implements NoopActivities {
    private static final long HEARTBEAT_EVERY_MS = 1000;

    @Override
    public StageResult noop(StageRequest request) {
        long duration = StageParams.read(request, NoopParams.class).durationMs();
        long deadline = System.nanoTime() + duration * 1_000_000;
        var ctx = Activity.getExecutionContext();
        while (System.nanoTime() < deadline) {
            ctx.heartbeat(null);
            try {
                Thread.sleep(Math.min(HEARTBEAT_EVERY_MS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Activity.wrap(e);
            }
        }
        String passThrough = request.inputs().get("in");
        return new StageResult(passThrough, java.util.List.of(), Map.of("duration_ms", duration));
    }
}
