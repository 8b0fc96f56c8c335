package dev.tempered.app.platform;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a worker's graceful stop from burning an activity's attempts. Once the worker stops, the
 * SDK makes every heartbeat throw {@code ActivityWorkerShutdownException}; the activity then failed,
 * the failure went back to Temporal, which scheduled the next attempt at once, and the still
 * draining worker took it and failed it again: one Ctrl-C used up attempt after attempt, each with
 * a warning and a stack trace, and could fail a stage that a restarted worker would have finished.
 *
 * <p>Here an activity that ends with an exception after the stop began is not reported at all (the
 * SDK's manual completion): Temporal sees the attempt go silent, as when a worker dies, and after
 * the heartbeat timeout hands the next attempt, with the last heartbeat's checkpoint, to a running
 * worker. One line says so. Activities without a heartbeat timeout are left to report their
 * failure as usual, since nothing would notice the silence before their start-to-close timeout.
 * Does not stop anything itself: {@link Workers#close()} does.
 */
final class ShutdownInterruption extends WorkerInterceptorBase {
    private static final Logger log = LoggerFactory.getLogger(ShutdownInterruption.class);

    private final AtomicBoolean stopping = new AtomicBoolean();

    /** From now on, activities that throw are treated as interrupted by the stop. */
    void stopping() {
        stopping.set(true);
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private ActivityExecutionContext context;

            @Override
            public void init(ActivityExecutionContext context) {
                this.context = context;
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                try {
                    return super.execute(input);
                } catch (RuntimeException | Error e) {
                    ActivityInfo info = context.getInfo();
                    if (!stopping.get() || info.getHeartbeatTimeout().isZero()) throw e;
                    context.doNotCompleteOnReturn();
                    log.warn(
                            "stopping: activity {} of run {} (attempt {}) interrupted, not failed: it continues from"
                                    + " its last checkpoint on the next worker (after its {} s heartbeat timeout) or,"
                                    + " if the Temporal server stops too, when the pipeline runs again",
                            info.getActivityType(),
                            info.getWorkflowId(),
                            info.getAttempt(),
                            info.getHeartbeatTimeout().toSeconds());
                    log.debug("the interrupted activity ended with", e);
                    return new ActivityOutput(null);
                }
            }
        };
    }
}
