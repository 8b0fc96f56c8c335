package dev.tempered.activities.stage;

import dev.tempered.workflows.TaskQueues;
import java.util.Map;

/** Which task queue a stage's work is scheduled on. */
public enum QueueKind {
    /** {@link TaskQueues#CPU}: many activities at once per worker. */
    CPU,
    /**
     * A model stage: {@link TaskQueues#MODEL} for {@code device: cpu}, {@link TaskQueues#GPU} for
     * {@code device: gpu}; workers of both run one activity at a time (see
     * {@link TaskQueues#ONE_ACTIVITY_AT_A_TIME}). Its params record must have a {@code device}
     * param with the choices cpu and gpu.
     */
    MODEL;

    /** The model stages' param naming their device, and so their task queue. */
    public static final String DEVICE_PARAM = "device";

    /** The queue for a stage with these normalised params. */
    public String taskQueue(Map<String, Object> params) {
        return switch (this) {
            case CPU -> TaskQueues.CPU;
            // Normalisation has checked the device against its choices, cpu or gpu.
            case MODEL -> "gpu".equals(params.get(DEVICE_PARAM)) ? TaskQueues.GPU : TaskQueues.MODEL;
        };
    }

    /** Every queue a stage of this kind may be scheduled on: where its implementation is registered. */
    public java.util.List<String> taskQueues() {
        return switch (this) {
            case CPU -> java.util.List.of(TaskQueues.CPU);
            case MODEL -> java.util.List.of(TaskQueues.MODEL, TaskQueues.GPU);
        };
    }
}
