package dev.tempered.app.temporal;

import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageStatus;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs that lineage still shows as running but that Temporal no longer runs: their workflow
 * is gone (the embedded server keeps workflows in memory, so a platform restart loses them) or
 * was terminated from outside. Asked of Temporal's visibility, or of its list-open API where
 * the server has no visibility queries.
 */
public final class LostRuns {
    private LostRuns() {}

    /** {@code caps} is asked only when some run is recorded as running: listing finished runs costs no Temporal call. */
    public static Set<String> among(
            List<PipelineRunRecord> runs, WorkflowClient client, Supplier<TemporalCapabilities> caps) {
        List<String> running = runs.stream()
                .filter(r -> r.status() == StageStatus.RUNNING)
                .map(PipelineRunRecord::id)
                .toList();
        if (running.isEmpty()) return Set.of();
        Set<String> open = OpenWorkflows.ids(
                client.getWorkflowServiceStubs(), client.getOptions().getNamespace(), caps.get(), "PipelineWorkflow");
        return running.stream().filter(id -> !open.contains(id)).collect(Collectors.toUnmodifiableSet());
    }
}
