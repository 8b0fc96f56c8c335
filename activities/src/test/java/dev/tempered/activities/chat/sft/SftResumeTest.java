package dev.tempered.activities.chat.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.chat.RenderedConversation;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import dev.tempered.activities.model.GptTrainingTask;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.training.StepResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact SFT resume: 8 steps straight from a base checkpoint against 4 steps, a chat checkpoint
 * written to bytes and read back, and steps 5–8 in a fresh model, optimizer and packer built from
 * it. Losses, masked-token counts, validation loss and final weights are bit-identical, with and
 * without dropout; the checkpoint says it is a chat model of the run's tokenizer and template.
 */
class SftResumeTest {
    static final int STEPS = 8;
    static final int SPLIT = 4;
    static final ModelOrigin ORIGIN = ModelOrigin.chat("sha256-of-the-tokenizer", 1);
    static final GptTrainingTask.Settings SETTINGS = new GptTrainingTask.Settings(3, 2, 1.0, 21);
    static final SftSchedule SCHEDULE = new SftSchedule(3e-3, 2, STEPS);

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1})
    void resumedRunRepeatsTheUninterruptedOneBitForBit(double dropout) throws Exception {
        GptConfig config = new GptConfig(2, 4, 64, 32, 256, dropout);
        List<RenderedConversation> convs = SftParityRun.conversations();
        List<RenderedConversation> train = convs.subList(0, 50);
        List<MaskedBatch> validation = PackedConversations.allWindows(
                convs.subList(50, 60), 32, SftParityRun.BOS, SETTINGS.seed(), SETTINGS.batchSize());
        Checkpoint base;
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, 1337, manager)) {
            base = new Checkpoint(
                    config,
                    300,
                    1337,
                    new TokenWindows.Position(2, 7),
                    model.values(),
                    new AdamW.State(AdamW.Settings.defaults(), 0, Map.of(), Map.of()));
        }

        List<StepResult> straight = new ArrayList<>();
        double straightVal;
        Map<String, float[]> straightParams;
        try (NDManager manager = NDManager.newBaseManager();
                SftTrainingTask task = fresh(base, train, validation, manager)) {
            for (int s = 0; s < STEPS; s++) straight.add(task.step());
            straightVal = task.evaluate().get(GptTrainingTask.VAL_LOSS);
            straightParams = task.model().values();
        }

        List<StepResult> resumed = new ArrayList<>();
        byte[] bytes;
        try (NDManager manager = NDManager.newBaseManager();
                SftTrainingTask task = fresh(base, train, validation, manager)) {
            assertEquals(0, task.stepsDone(), "SFT starts at step 0, not at the base run's step");
            for (int s = 0; s < SPLIT; s++) resumed.add(task.step());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            task.snapshot().write(out);
            bytes = out.toByteArray();
        }
        Checkpoint ckpt = Checkpoint.read(new ByteArrayInputStream(bytes), "sft step 4");
        assertEquals(SPLIT, ckpt.step());
        assertEquals(ORIGIN, ckpt.origin());
        assertTrue(ckpt.origin().isChat());
        try (NDManager manager = NDManager.newBaseManager();
                SftTrainingTask task = SftTrainingTask.resume(
                        ckpt,
                        SCHEDULE,
                        SETTINGS,
                        new PackedConversations(train, 32, SftParityRun.BOS, SETTINGS.seed()),
                        validation,
                        manager)) {
            assertEquals(SPLIT, task.stepsDone());
            for (int s = SPLIT; s < STEPS; s++) resumed.add(task.step());
            assertEquals(straightVal, task.evaluate().get(GptTrainingTask.VAL_LOSS), 0.0, "val_loss");
            Map<String, float[]> params = task.model().values();
            for (String path : straightParams.keySet())
                assertArrayEquals(straightParams.get(path), params.get(path), path);
        }
        for (int s = 0; s < STEPS; s++) {
            StepResult a = straight.get(s);
            StepResult b = resumed.get(s);
            assertEquals(a.loss(), b.loss(), 0.0, "loss at step " + (s + 1));
            assertEquals(a.gradNorm(), b.gradNorm(), 0.0, "grad norm at step " + (s + 1));
            assertEquals(a.metrics(), b.metrics(), "metrics at step " + (s + 1));
            double masked = a.metrics().get(SftTrainingTask.MASKED_TOKENS);
            assertTrue(masked > 0 && masked < a.tokens(), "masked " + masked + " of " + a.tokens());
            assertEquals(masked / a.tokens(), a.metrics().get(SftTrainingTask.MASKED_SHARE), 1e-12);
            assertEquals(2L * 3 * 32, a.tokens());
        }
        assertTrue(
                straight.get(STEPS - 1).loss() < straight.get(0).loss(),
                "loss falls: " + straight.get(0).loss() + " → "
                        + straight.get(STEPS - 1).loss());
        assertTrue(Double.isFinite(straightVal) && straightVal > 0, "val_loss " + straightVal);
    }

    private static SftTrainingTask fresh(
            Checkpoint base, List<RenderedConversation> train, List<MaskedBatch> validation, NDManager manager) {
        return SftTrainingTask.fromBase(
                base,
                AdamW.Settings.defaults(),
                SCHEDULE,
                SETTINGS,
                new PackedConversations(train, 32, SftParityRun.BOS, SETTINGS.seed()),
                validation,
                ORIGIN,
                manager);
    }
}
