package dev.tempered.activities.training;

import java.util.List;

/**
 * Where a {@link TrainingLoop} reports: the stage adapter implements it with its metric store,
 * artifact store and heartbeat; a test implements it in memory. The loop calls it on its own
 * thread, in step order. An exception thrown here stops the loop and propagates unchanged (the
 * Temporal adapter's heartbeat throws when the activity is cancelled, which is how a run is aborted).
 */
public interface TrainingListener {

    /**
     * Stores a batch of metric values. Every value of a step reaches this method exactly once, and
     * all values up to a checkpoint's step before {@link #publishCheckpoint} is called for it, so a
     * run resumed from that checkpoint repeats none and misses none.
     */
    void recordMetrics(List<Metric> batch);

    /**
     * Stores a checkpoint whose values are all finite and returns its id (a content digest), which
     * later {@link TrainingProgress} values carry as the point to resume from.
     *
     * @param update the step whose update the snapshot follows
     */
    String publishCheckpoint(TrainingSnapshot snapshot, StepResult update);

    /**
     * Called after every step with where the run is now and the last published checkpoint; a
     * resumed run starts from {@code lastCheckpoint}, so a heartbeat must carry it.
     */
    void progress(TrainingPulse now, TrainingProgress lastCheckpoint);
}
