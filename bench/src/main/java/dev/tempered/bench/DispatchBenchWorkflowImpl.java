package dev.tempered.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** A straight loop of activity calls: the smallest workflow that still pays a full dispatch per call. */
public class DispatchBenchWorkflowImpl implements DispatchBenchWorkflow {
    private final DispatchBenchActivities activities = Workflow.newActivityStub(
            DispatchBenchActivities.class,
            ActivityOptions.newBuilder()
                    .setTaskQueue(TASK_QUEUE)
                    // The activity returns at once; 10 s only bounds a broken run.
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    // A retry would hide a failure inside a latency sample; fail the run instead.
                    .setRetryOptions(
                            RetryOptions.newBuilder().setMaximumAttempts(1).build())
                    .build());

    @Override
    public int pingSequentially(int calls) {
        for (int i = 0; i < calls; i++) activities.benchPing(i);
        return calls;
    }
}
