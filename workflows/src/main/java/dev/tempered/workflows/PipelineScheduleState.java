package dev.tempered.workflows;

/**
 * What a fallback schedule workflow reports when queried.
 *
 * @param runsSoFar     firings started
 * @param lastRunId     the latest run's id, or null before the first firing
 * @param nextFireEpochMs when the next firing is due
 */
public record PipelineScheduleState(
        String name, long intervalSeconds, long runsSoFar, String lastRunId, long nextFireEpochMs) {}
