package dev.tempered.activities.model.stage;

/** What the model stages' {@code device} param means, said once for all of them. */
public final class ModelDevices {
    /**
     * {@code gpu} schedules the stage on the gpu task queue and fails on a worker without a CUDA
     * device. It is part of the cache key: GPU and CPU kernels round differently, so the same run on
     * another device gives other bytes.
     */
    public static final String DOC =
            "cpu or gpu: the task queue the stage is scheduled on (model or gpu) and the DJL device "
                    + "it computes on; part of the cache key, since GPU kernels round differently.";

    private ModelDevices() {}
}
