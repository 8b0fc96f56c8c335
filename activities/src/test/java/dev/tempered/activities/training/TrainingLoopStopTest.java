package dev.tempered.activities.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A task's own stop ({@link TrainingTask#stopReason}, PPO's guards): the loop checkpoints the step
 * the reason appeared at whatever the cadence, stores its metrics, returns the reason and takes no
 * further step; a task restored already stopped takes none at all.
 */
class TrainingLoopStopTest {

    /** Counts steps; says stop once {@code stopAt} steps are done. */
    static final class Counting implements TrainingTask {
        final long stopAt;
        long done;

        Counting(long start, long stopAt) {
            this.done = start;
            this.stopAt = stopAt;
        }

        @Override
        public long stepsDone() {
            return done;
        }

        @Override
        public StepResult step() {
            done++;
            return new StepResult(1.0 / done, 0.1, 0.5, 10);
        }

        @Override
        public Map<String, Double> evaluate() {
            return Map.of();
        }

        @Override
        public TrainingSnapshot snapshot() {
            long at = done;
            return new TrainingSnapshot() {
                @Override
                public long step() {
                    return at;
                }

                @Override
                public Optional<String> firstNonFinite() {
                    return Optional.empty();
                }

                @Override
                public void write(OutputStream out) {}
            };
        }

        @Override
        public Optional<String> stopReason() {
            return done >= stopAt ? Optional.of("guard: stop at " + done) : Optional.empty();
        }
    }

    static final class Events implements TrainingListener {
        final List<String> log = new ArrayList<>();

        @Override
        public void recordMetrics(List<Metric> batch) {
            log.add("metrics " + batch.get(0).step() + "-"
                    + batch.get(batch.size() - 1).step());
        }

        @Override
        public String publishCheckpoint(TrainingSnapshot snapshot, StepResult update) {
            log.add("checkpoint " + snapshot.step());
            return "ckpt-" + snapshot.step();
        }

        @Override
        public void progress(TrainingPulse now, TrainingProgress lastCheckpoint) {}
    }

    @Test
    void aStopReasonCheckpointsThatStepAndEndsTheRun() {
        Events events = new Events();
        Counting task = new Counting(0, 5);
        TrainingOutcome outcome =
                new TrainingLoop(new TrainingConfig(20, 100, 4, 3), events).run(task, TrainingProgress.START);
        assertEquals(5, task.stepsDone());
        assertEquals("guard: stop at 5", outcome.stopReason());
        assertEquals(5, outcome.progress().step());
        assertEquals("ckpt-5", outcome.progress().checkpoint());
        assertEquals(List.of("metrics 1-3", "metrics 4-4", "checkpoint 4", "metrics 5-5", "checkpoint 5"), events.log);
    }

    @Test
    void aTaskRestoredAlreadyStoppedTakesNoStep() {
        Counting task = new Counting(5, 5);
        TrainingProgress at5 = new TrainingProgress(5, "ckpt-5", List.of("ckpt-4", "ckpt-5"));
        TrainingOutcome outcome = new TrainingLoop(new TrainingConfig(20, 100, 4, 3), new Events()).run(task, at5);
        assertEquals(5, task.stepsDone());
        assertEquals("guard: stop at 5", outcome.stopReason());
        assertNull(outcome.lastStep());
    }

    @Test
    void aTaskWithoutAGuardRunsToTheEndWithNoReason() {
        TrainingOutcome outcome = new TrainingLoop(new TrainingConfig(6, 100, 4, 3), new Events())
                .run(new Counting(0, 99), TrainingProgress.START);
        assertNull(outcome.stopReason());
        assertEquals(6, outcome.progress().step());
    }
}
