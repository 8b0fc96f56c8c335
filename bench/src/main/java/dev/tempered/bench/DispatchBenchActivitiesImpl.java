package dev.tempered.bench;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records the monotonic time each call starts. The bench runs in the worker's process, so the
 * gap between two consecutive starts of a sequential workflow is one full activity round-trip
 * as the workflow sees it, measured without workflow time.
 */
public final class DispatchBenchActivitiesImpl implements DispatchBenchActivities {
    private final ConcurrentLinkedQueue<Long> startNanos = new ConcurrentLinkedQueue<>();

    @Override
    public void benchPing(int sequence) {
        startNanos.add(System.nanoTime());
    }

    /** Start times since the last call, in arrival order; clears them. */
    public long[] drainStartNanos() {
        long[] out = new long[startNanos.size()];
        for (int i = 0; i < out.length; i++) out[i] = startNanos.remove();
        return out;
    }
}
