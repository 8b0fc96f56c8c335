package dev.tempered.workflows;

/**
 * A pipeline to run on a fixed interval.
 *
 * @param name            schedule name; each run's id is {@code name-<UTC firing time, RFC 3339>}, as a Schedule names them
 * @param intervalSeconds seconds between firings, aligned to the epoch like a Schedule's interval spec
 * @param spec            the pipeline, with its inputs already resolved to artifacts
 * @param noCache         rerun every stage on every firing
 * @param runsSoFar       firings already started (carried across continue-as-new)
 */
public record PipelineScheduleRequest(
        String name, long intervalSeconds, PipelineSpec spec, boolean noCache, long runsSoFar) {
    public PipelineScheduleRequest {
        if (intervalSeconds < 1) throw new IllegalArgumentException("schedule interval must be at least 1 second");
    }
}
