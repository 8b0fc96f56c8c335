package dev.tempered.activities;

/**
 * A stage asked for a device this worker does not have (a {@code gpu} stage on a worker whose DJL
 * engine sees no CUDA device). Not retried: the retry would be scheduled on the same task queue,
 * whose workers are all supposed to have one, so the fix is the worker, not another attempt.
 */
public class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
