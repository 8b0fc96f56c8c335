package dev.tempered.bench;

import io.temporal.activity.ActivityInterface;

/** One activity that does nothing; its name is unique across the platform, as Temporal requires. */
@ActivityInterface
public interface DispatchBenchActivities {
    void benchPing(int sequence);
}
