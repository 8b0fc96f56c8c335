package dev.tempered.workflows;

import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans, asks batch by batch, finishes. Batches run one after another: the model queue's workers
 * run one activity at a time, so more in flight would only wait in the queue with their timeouts
 * running. A completed batch's digest is in the history, so a retry or a replay asks only the
 * batches not yet done. The plan refuses probes of more than {@link #MAX_BATCHES} batches rather
 * than this workflow continuing as new: 4,000 batches of 64 are a quarter of a million questions.
 */
public class ProbeWorkflowImpl implements ProbeWorkflow {
    /** Keeps a run's history near 12,000 events at most (3 per batch). */
    public static final int MAX_BATCHES = 4_000;

    /** The {@code device} param, which picks the model queue. */
    static final String DEVICE_PARAM = "device";

    @Override
    public StageResult probe(StageRequest request) {
        String queue = "gpu".equals(request.params().get(DEVICE_PARAM)) ? TaskQueues.GPU : TaskQueues.MODEL;
        ProbeActivities shortSteps =
                Workflow.newActivityStub(ProbeActivities.class, StageActivityOptions.probeBookkeeping(queue));
        ProbeActivities batches =
                Workflow.newActivityStub(ProbeActivities.class, StageActivityOptions.probeBatch(queue));
        ProbeActivities.ProbePlan plan = shortSteps.planProbe(request);
        List<String> done = new ArrayList<>();
        for (int b = 0; b < plan.batches(); b++) {
            done.add(batches.probeBatch(new ProbeActivities.BatchRequest(request, b)));
        }
        return shortSteps.finishProbe(new ProbeActivities.FinishRequest(request, List.copyOf(done)));
    }
}
