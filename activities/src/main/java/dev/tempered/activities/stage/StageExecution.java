package dev.tempered.activities.stage;

import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;

/**
 * What runs a stage: one activity, or a child workflow on the workflows queue. Type names are read
 * from the interfaces the way Temporal names them, never spelled by hand.
 */
public sealed interface StageExecution {

    /** The Temporal type name the pipeline workflow schedules. */
    String typeName();

    /**
     * @param activityInterface the {@code @ActivityInterface} the stage's implementation implements
     * @param typeName          the activity type of the stage's method ({@code Pretrain}, {@code SampleModel})
     */
    record Activity(Class<?> activityInterface, String typeName) implements StageExecution {}

    /**
     * @param workflowImplementation registered on the workflows queue; the stage's own implementation
     *                               (its activities) is registered on the stage's queue
     */
    record ChildWorkflow(Class<?> workflowInterface, Class<?> workflowImplementation, String typeName)
            implements StageExecution {}

    /** The activity of {@code method} of {@code activityInterface}; fails at start-up if there is none. */
    static Activity activity(Class<?> activityInterface, String method) {
        POJOActivityMethodMetadata found =
                POJOActivityInterfaceMetadata.newInstance(activityInterface).getMethodsMetadata().stream()
                        .filter(m -> m.getMethod().getName().equals(method))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException(
                                activityInterface.getName() + " has no activity method " + method));
        return new Activity(activityInterface, found.getActivityTypeName());
    }

    static ChildWorkflow childWorkflow(Class<?> workflowInterface, Class<?> workflowImplementation) {
        if (!workflowInterface.isAssignableFrom(workflowImplementation)) {
            throw new IllegalStateException(
                    workflowImplementation.getName() + " does not implement " + workflowInterface.getName());
        }
        String type = POJOWorkflowInterfaceMetadata.newInstance(workflowInterface)
                .getWorkflowType()
                .orElseThrow(() -> new IllegalStateException(workflowInterface.getName() + " has no workflow method"));
        return new ChildWorkflow(workflowInterface, workflowImplementation, type);
    }
}
