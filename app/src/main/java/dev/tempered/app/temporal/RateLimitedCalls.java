package dev.tempered.app.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Calls that a Temporal server may answer with RESOURCE_EXHAUSTED ("slow down": visibility APIs
 * are limited to a few requests per second per namespace by default) are retried with backoff
 * instead of failing the command. Everything else propagates at once.
 */
final class RateLimitedCalls {
    /** Long enough for a per-second limit to refill many times over, short enough for a CLI. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(20);

    private RateLimitedCalls() {}

    static <T> T call(Supplier<T> call) {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long backoffMs = 100;
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED || System.nanoTime() > deadline) throw e;
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Temporal asked to slow down", e);
            }
            backoffMs = Math.min(backoffMs * 2, 2_000);
        }
    }
}
