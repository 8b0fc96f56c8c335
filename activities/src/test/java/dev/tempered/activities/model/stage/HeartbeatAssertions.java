package dev.tempered.activities.model.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.training.TrainingPulse;
import java.util.List;

/** Checks on what a training stage heartbeated, shared by the pretrain and SFT stage tests. */
public final class HeartbeatAssertions {
    private HeartbeatAssertions() {}

    /**
     * Every heartbeat says where the run is (its step within the run's {@code steps}, a finite loss,
     * a positive throughput), steps never go back, and each one's checkpoint is at or before its step.
     */
    public static void assertPulses(List<TrainingHeartbeat> beats, long steps) {
        long previous = 0;
        for (TrainingHeartbeat beat : beats) {
            TrainingPulse now = beat.now();
            assertNotNull(now, beat.toString());
            assertEquals(steps, now.steps(), beat.toString());
            assertTrue(now.step() >= Math.max(1, previous) && now.step() <= steps, beat.toString());
            assertTrue(Double.isFinite(now.loss()) && now.loss() > 0, beat.toString());
            assertTrue(now.tokensPerSecond() > 0 && now.secondsPerStep() > 0, beat.toString());
            assertTrue(beat.step() <= now.step(), "checkpoint after the current step: " + beat);
            previous = now.step();
        }
    }
}
