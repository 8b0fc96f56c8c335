package dev.tempered.activities.noop;

import dev.tempered.activities.stage.Param;

/** Parameters of stage {@code noop} (see {@link NoopStage}). */
public record NoopParams(
        @Param(doc = "How long to stay busy, in milliseconds.", min = 0, max = 3_600_000)
        long durationMs,

        @Param(doc = "Distinguishes otherwise identical noop stages so each gets its own cache key.", min = 0)
        long salt) {

    public static final NoopParams DEFAULTS = new NoopParams(0, 0);
}
