package dev.tempered.activities.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.GptTrainingTask;
import dev.tempered.activities.model.LearningRateSchedule;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real divergence, not an injected NaN (as in {@code PretrainStageTest}): learning rate 1 with
 * weight decay 10 makes AdamW's decoupled decay multiply every matrix by (1 − 1·10) = −9 per step
 * until float32 overflows. The loop stops naming the update and the last good checkpoint, has
 * stored every metric before that update, and never hands a non-finite snapshot to its listener.
 */
class TrainingLoopDivergenceTest {
    static final int STEPS = 200;

    @BeforeAll
    static void readRealText() throws IOException {
        TrainingLoopTest.readRealText();
    }

    @ParameterizedTest(name = "checkpoint every {0}")
    @ValueSource(ints = {5, 1})
    void stopsAtTheFirstNonFiniteUpdateNamingTheLastGoodCheckpoint(int checkpointEvery) throws IOException {
        AdamW.Settings d = AdamW.Settings.defaults();
        AdamW.Settings decayTen = new AdamW.Settings(d.beta1(), d.beta2(), d.epsilon(), 10.0);
        RecordingListener listener = new RecordingListener();
        TrainingDivergedException e;
        try (NDManager manager = NDManager.newBaseManager();
                GptTrainingTask task = GptTrainingTask.fresh(
                        TrainingLoopTest.MODEL,
                        decayTen,
                        LearningRateSchedule.constant(1.0),
                        TrainingLoopTest.SETTINGS,
                        TrainingLoopTest.loader(),
                        TrainingLoopTest.validation,
                        manager)) {
            TrainingLoop loop = new TrainingLoop(new TrainingConfig(STEPS, 1000, checkpointEvery, 10), listener);
            e = assertThrows(TrainingDivergedException.class, () -> loop.run(task, TrainingProgress.START));
        }
        System.out.println("checkpoint every " + checkpointEvery + ": " + e.getMessage());

        // Every published checkpoint is finite; the last one is the one the error names.
        assertTrue(!listener.checkpoints.isEmpty(), "diverged after the first checkpoint: " + e.getMessage());
        for (String id : listener.checkpoints.keySet()) {
            Checkpoint ckpt = TrainingLoopTest.read(listener, id);
            assertEquals(Optional.empty(), ckpt.firstNonFinite(), "checkpoint at step " + ckpt.step());
        }
        List<String> ids = List.copyOf(listener.checkpoints.keySet());
        String lastId = ids.get(ids.size() - 1);
        long lastStep = TrainingLoopTest.read(listener, lastId).step();
        assertEquals(new TrainingProgress(lastStep, lastId, ids), e.lastGood());
        assertEquals(STEPS, e.steps());
        assertTrue(e.update() > lastStep && e.update() <= lastStep + checkpointEvery, e.getMessage());
        assertTrue(
                e.getMessage().startsWith("training diverged at update " + e.update() + " of " + STEPS + ": "),
                e.getMessage());
        assertTrue(
                e.getMessage().endsWith(". Last good checkpoint: " + lastId + " (step " + lastStep + ")"),
                e.getMessage());

        // Either the loss or gradient norm was not finite and the update was refused (its metrics are not stored),
        // or the weights after it were not (its metrics are stored, its checkpoint is not).
        boolean refused = e.getCause() instanceof NonFiniteUpdateException;
        long lastMetricStep = refused ? e.update() - 1 : e.update();
        if (refused) {
            assertTrue(
                    e.what()
                            .matches("(loss is (NaN|-?Infinity) on micro-batch \\d+|gradient norm is (NaN|Infinity)), "
                                    + "so the update was not applied"),
                    e.what());
        } else {
            assertTrue(
                    e.what()
                            .matches("after the update (parameter|first moment of|second moment of) \\S+ holds a NaN "
                                    + "or infinity, so no checkpoint was written for it"),
                    e.what());
        }
        assertEquals(
                LongStream.rangeClosed(1, lastMetricStep).boxed().toList(),
                List.copyOf(listener.series("loss").keySet()),
                "every step before the divergence is stored, once");
        for (double v : listener.series("loss").values()) assertTrue(Double.isFinite(v), "stored losses are finite");
    }

    /**
     * The other path: a learning rate beyond float32's range (AdamW casts it to float, so it becomes
     * infinite) leaves the first update's loss finite (it is computed before the update) and its
     * weights infinite. The snapshot after it is refused before the listener sees it.
     */
    @org.junit.jupiter.api.Test
    void weightsThatAreNotFiniteAfterAnUpdateAreNeverPublished() {
        RecordingListener listener = new RecordingListener();
        TrainingDivergedException e;
        try (NDManager manager = NDManager.newBaseManager();
                GptTrainingTask task = GptTrainingTask.fresh(
                        TrainingLoopTest.MODEL,
                        AdamW.Settings.defaults(),
                        LearningRateSchedule.constant(1e39),
                        TrainingLoopTest.SETTINGS,
                        TrainingLoopTest.loader(),
                        TrainingLoopTest.validation,
                        manager)) {
            TrainingLoop loop = new TrainingLoop(new TrainingConfig(STEPS, 1000, 1, 10), listener);
            e = assertThrows(TrainingDivergedException.class, () -> loop.run(task, TrainingProgress.START));
        }
        assertEquals(1, e.update());
        assertTrue(
                e.what()
                        .matches(
                                "after the update parameter \\S+ holds a NaN or infinity, so no checkpoint was written for it"),
                e.what());
        assertEquals(TrainingProgress.START, e.lastGood());
        assertTrue(e.getMessage().endsWith(". Last good checkpoint: none"), e.getMessage());
        assertEquals(
                List.of("metrics 1-1"), listener.calls, "the step's metrics are stored, no checkpoint is published");
        assertTrue(Double.isFinite(listener.series("loss").get(1L)));
    }
}
