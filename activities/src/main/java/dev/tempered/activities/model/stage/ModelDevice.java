package dev.tempered.activities.model.stage;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.tempered.activities.DeviceUnavailableException;
import java.net.InetAddress;

/**
 * The DJL device of a model stage's {@code device} param. {@code gpu} is the first CUDA device and
 * needs a worker whose libtorch is a CUDA build with a visible GPU (notes/djl.md, GPU); without one
 * the stage fails at once, naming the worker, instead of silently training on the CPU.
 *
 * <p>Not here: several GPUs per stage, choosing a GPU by index, mixed precision.
 */
public final class ModelDevice {
    private ModelDevice() {}

    public static Device of(String device, String stage) {
        return switch (device) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                Engine engine = Engine.getInstance();
                if (engine.getGpuCount() == 0) {
                    throw new DeviceUnavailableException(stage + " asked for device gpu, but worker " + host()
                            + " has no GPU that DJL can use (" + engine.getEngineName() + " " + engine.getVersion()
                            + " reports 0 CUDA devices). Run the gpu-queue worker on a machine with a CUDA GPU and a CUDA "
                            + "build of libtorch (PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR), or set device: cpu");
                }
                yield Device.gpu();
            }
            default ->
                throw new IllegalArgumentException(
                        stage + " param 'device': expected cpu or gpu, got '" + device + "'");
        };
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "(unknown host)";
        }
    }
}
