package dev.tempered.activities.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainingTask;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.TokenWindows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainingLoop} with the real {@link GptTrainingTask} (a one-layer GPT with dropout) on the
 * UTF-8 bytes of a real page, the Python tutorial's introduction with its tags stripped (a byte
 * vocabulary of 256, the last tenth held out), and an in-memory listener: which steps evaluate,
 * checkpoint and store metrics; that metrics reach the listener before the checkpoint that follows
 * them and once each; and that a run stopped mid-way and resumed from its last checkpoint's bytes
 * ends on the same bytes, losses and parameters as an uninterrupted one.
 */
class TrainingLoopTest {
    static final GptConfig MODEL = new GptConfig(1, 2, 32, 16, 256, 0.1);
    static final GptTrainingTask.Settings SETTINGS = new GptTrainingTask.Settings(4, 2, 1.0, 1337);
    static final LearningRateSchedule SCHEDULE = new LearningRateSchedule(3e-3, 3e-4, 2, 12);
    /** 12 steps: evaluation at 5, 10 and the last; checkpoints at 4, 8, 12; metrics every 3 steps. */
    static final TrainingConfig CADENCE = new TrainingConfig(12, 5, 4, 3);

    static int[] train;
    static int[] validation;

    @BeforeAll
    static void readRealText() throws IOException {
        String html = Files.readString(
                Path.of("..", "examples", "data", "html", "python-tutorial-introduction.html"), StandardCharsets.UTF_8);
        String text = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("<[^>]+>", " ")
                .replaceAll("&[a-z]+;", " ")
                .replaceAll("\\s+", " ")
                .strip();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) tokens[i] = bytes[i] & 0xff;
        int split = tokens.length - tokens.length / 10;
        train = Arrays.copyOfRange(tokens, 0, split);
        validation = Arrays.copyOfRange(tokens, split, tokens.length);
        assertTrue(train.length > 10_000, "training bytes: " + train.length);
    }

    @Test
    void evaluatesCheckpointsAndStoresMetricsOnItsCadenceWithEveryStepOnceBeforeItsCheckpoint() throws IOException {
        RecordingListener listener = new RecordingListener();
        TrainingOutcome outcome;
        try (NDManager manager = NDManager.newBaseManager();
                GptTrainingTask task = fresh(manager)) {
            outcome = new TrainingLoop(CADENCE, listener).run(task, TrainingProgress.START);
        }

        // Periodic batches every 3 steps, and one right before each checkpoint holding the steps since the last batch.
        assertEquals(
                List.of(
                        "metrics 1-3",
                        "metrics 4-4",
                        "checkpoint 4 (metrics stored through step 4)",
                        "metrics 5-6",
                        "metrics 7-8",
                        "checkpoint 8 (metrics stored through step 8)",
                        "metrics 9-9",
                        "metrics 10-12",
                        "checkpoint 12 (metrics stored through step 12)"),
                listener.calls);

        List<Long> allSteps = LongStream.rangeClosed(1, 12).boxed().toList();
        for (String name : List.of("loss", "lr", "grad_norm", "tokens_per_s")) {
            assertEquals(allSteps, List.copyOf(listener.series(name).keySet()), name);
        }
        assertEquals(
                List.of(5L, 10L, 12L), List.copyOf(listener.series("val_loss").keySet()));
        assertEquals(12 * 4 + 3, listener.metrics.size(), "four values a step and three evaluations, nothing else");
        for (long s : allSteps) {
            assertEquals(SCHEDULE.at(s - 1), listener.series("lr").get(s), "learning rate of step " + s);
            assertTrue(listener.series("tokens_per_s").get(s) > 0, "tokens_per_s at " + s);
        }
        Map<Long, Double> loss = listener.series("loss");
        assertTrue(loss.get(12L) < loss.get(1L), "loss falls: " + loss);

        // Each checkpoint is a readable snapshot at its step; progress names the last one after every step.
        List<String> ids = List.copyOf(listener.checkpoints.keySet());
        assertEquals(3, ids.size());
        for (int i = 0; i < 3; i++)
            assertEquals(4L * (i + 1), read(listener, ids.get(i)).step());
        assertEquals(12, listener.progress.size());
        assertNull(listener.progress.get(2).checkpoint(), "no checkpoint before step 4");
        assertEquals(new TrainingProgress(4, ids.get(0), List.of(ids.get(0))), listener.progress.get(6));
        assertEquals(new TrainingProgress(12, ids.get(2), ids), listener.progress.get(11));
        // ... and says where the run is now: the step just done of 12, its loss, this attempt's throughput.
        assertEquals(allSteps, listener.pulses.stream().map(TrainingPulse::step).toList());
        for (TrainingPulse now : listener.pulses) {
            assertEquals(12, now.steps(), now.toString());
            assertEquals(loss.get(now.step()), now.loss(), now.toString());
            assertTrue(now.tokensPerSecond() > 0 && now.secondsPerStep() > 0, now.toString());
            assertEquals((12 - now.step()) * now.secondsPerStep(), now.secondsLeft(), 1e-9, now.toString());
        }

        assertEquals(0, outcome.resumedFrom());
        assertEquals(loss.get(12L), outcome.lastStep().loss());
        assertEquals(Map.of("val_loss", listener.series("val_loss").get(12L)), outcome.lastEvaluation());
        assertEquals(listener.progress.get(11), outcome.progress());
        assertEquals(12L * 2 * 4 * 16, outcome.tokens(), "steps × micro-batches × batch × context");
    }

    @Test
    void aRunStoppedAfterStepSixAndResumedFromItsStepFourCheckpointEndsBitIdentical() throws IOException {
        RecordingListener straight = new RecordingListener();
        try (NDManager manager = NDManager.newBaseManager();
                GptTrainingTask task = fresh(manager)) {
            new TrainingLoop(CADENCE, straight).run(task, TrainingProgress.START);
        }

        RecordingListener first = new RecordingListener(6);
        try (NDManager manager = NDManager.newBaseManager();
                GptTrainingTask task = fresh(manager)) {
            TrainingLoop loop = new TrainingLoop(CADENCE, first);
            assertThrows(RecordingListener.Stopped.class, () -> loop.run(task, TrainingProgress.START));
        }
        TrainingProgress lastHeartbeat = first.progress.get(first.progress.size() - 1);
        assertEquals(4, lastHeartbeat.step());

        RecordingListener second = new RecordingListener();
        TrainingOutcome outcome;
        Checkpoint from = read(first, lastHeartbeat.checkpoint());
        from.requireCompatible(MODEL, MODEL.vocabSize(), "step-4 checkpoint");
        try (NDManager manager = NDManager.newBaseManager();
                GptTrainingTask task =
                        GptTrainingTask.resume(from, SCHEDULE, SETTINGS, loader(), validation, manager)) {
            outcome = new TrainingLoop(CADENCE, second).run(task, lastHeartbeat);
        }
        assertEquals(4, outcome.resumedFrom());

        // The first attempt stored steps 1-6 (its step-6 batch went out before it stopped); the second repeats
        // 5 and 6 with the same values, which the metric store's upsert by (step, name) keeps once.
        assertEquals(
                LongStream.rangeClosed(1, 6).boxed().toList(),
                List.copyOf(first.series("loss").keySet()));
        assertEquals(
                LongStream.rangeClosed(5, 12).boxed().toList(),
                List.copyOf(second.series("loss").keySet()));
        for (String name : List.of("loss", "lr", "grad_norm", "val_loss")) {
            Map<Long, Double> stored = new LinkedHashMap<>(first.series(name));
            stored.putAll(second.series(name));
            assertEquals(straight.series(name), stored, name + " of the stopped and resumed attempts");
            for (Map.Entry<Long, Double> e : first.series(name).entrySet()) {
                if (e.getKey() > 4) assertEquals(second.series(name).get(e.getKey()), e.getValue(), name + " repeated");
            }
        }

        List<String> ids = List.copyOf(straight.checkpoints.keySet());
        assertEquals(
                ids, outcome.progress().checkpoints(), "the same checkpoint bytes, the first from the stopped attempt");
        Checkpoint a = read(straight, ids.get(2));
        Checkpoint b = read(second, outcome.progress().checkpoint());
        assertEquals(a.parameters().keySet(), b.parameters().keySet());
        for (String name : a.parameters().keySet())
            assertArrayEquals(a.parameters().get(name), b.parameters().get(name), name);
        assertEquals(a.loader(), b.loader());
    }

    @Test
    void aTaskThatIsNotAtTheProgressStepIsRefused() {
        try (NDManager manager = NDManager.newBaseManager();
                GptTrainingTask task = fresh(manager)) {
            TrainingLoop loop = new TrainingLoop(CADENCE, new RecordingListener());
            var e = assertThrows(
                    IllegalArgumentException.class,
                    () -> loop.run(task, new TrainingProgress(4, "abc", List.of("abc"))));
            assertTrue(
                    e.getMessage().contains("at step 0") && e.getMessage().contains("at step 4 (checkpoint abc)"),
                    e.getMessage());
        }
    }

    @Test
    void aCadenceBelowOneIsRefusedNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(10, 5, 0, 10));
        assertEquals("training checkpoint_every must be ≥ 1, got 0", e.getMessage());
        assertEquals(
                TrainingConfig.DEFAULT_METRICS_EVERY,
                TrainingConfig.of(10, 5, 5).metricsEvery());
    }

    @Test
    void aListenerExceptionStopsTheLoopUnchanged() {
        RecordingListener listener = new RecordingListener(2);
        try (NDManager manager = NDManager.newBaseManager();
                GptTrainingTask task = fresh(manager)) {
            TrainingLoop loop = new TrainingLoop(CADENCE, listener);
            RecordingListener.Stopped e =
                    assertThrows(RecordingListener.Stopped.class, () -> loop.run(task, TrainingProgress.START));
            assertEquals("stopped after step 2", e.getMessage());
            assertEquals(2, task.stepsDone(), "no step after the one whose progress threw");
        }
        assertEquals(List.of(), listener.calls, "nothing stored before the first batch is due");
    }

    static GptTrainingTask fresh(NDManager manager) {
        return GptTrainingTask.fresh(
                MODEL, AdamW.Settings.defaults(), SCHEDULE, SETTINGS, loader(), validation, manager);
    }

    static TokenWindows loader() {
        return new TokenWindows(List.of(train), MODEL.contextLength(), SETTINGS.seed());
    }

    static Checkpoint read(RecordingListener listener, String id) throws IOException {
        return Checkpoint.read(new ByteArrayInputStream(listener.checkpoints.get(id)), "checkpoint " + id);
    }
}
