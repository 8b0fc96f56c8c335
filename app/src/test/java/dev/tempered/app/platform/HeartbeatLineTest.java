package dev.tempered.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.activities.chat.eval.stage.EvaluateActivitiesImpl.EvaluateProgress;
import dev.tempered.activities.model.stage.TrainingHeartbeat;
import dev.tempered.activities.training.TrainingPulse;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatLineTest {
    private static final String CKPT = "e29509ef0f60000b9ab4e2e9db84e5a913df669c0719ef0243ca535f8f205eff";

    private static Payloads payloads(Object value) {
        return DefaultDataConverter.newDefaultInstance().toPayloads(value).orElseThrow();
    }

    @Test
    void aTrainingHeartbeatSaysTheStepOfStepsLossThroughputTimeLeftAndLastCheckpoint() {
        var beat = new TrainingHeartbeat(500, CKPT, List.of(CKPT), new TrainingPulse(812, 6000, 1.23456, 5210.4, 0.3));
        assertEquals(
                "step 812/6,000 · loss 1.235 · 5,210 tokens/s · 26 min left · last checkpoint e29509ef0f60 (step 500)",
                HeartbeatLine.describe("Sft", payloads(beat)));
        assertEquals(
                "step 812/6,000 · loss 1.235 · 5,210 tokens/s · 26 min left · last checkpoint e29509ef0f60 (step 500)",
                HeartbeatLine.describe("Pretrain", payloads(beat)),
                "pretrain heartbeats the same record");
    }

    @Test
    void beforeTheFirstStepAndBeforeTheFirstCheckpointItSaysSo() {
        assertEquals("starting; no checkpoint yet", HeartbeatLine.describe("Sft", payloads(TrainingHeartbeat.START)));
        var early = new TrainingHeartbeat(0, null, List.of(), new TrainingPulse(3, 40, 7.5, 900, 0.5));
        assertEquals(
                "step 3/40 · loss 7.500 · 900 tokens/s · 19 s left · no checkpoint yet",
                HeartbeatLine.describe("Pretrain", payloads(early)));
    }

    @Test
    void anEvaluationSaysItsPhaseAndBatchesAndOtherActivitiesTheirDetails() {
        assertEquals(
                "replies: batch 5 of 29",
                HeartbeatLine.describe("EvaluateModel", payloads(new EvaluateProgress("replies", 5, 29))));
        assertEquals(
                "generated 1200",
                HeartbeatLine.describe("SynthesizeConversations", payloads(Map.of("generated", 1200))));
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("45 s", HeartbeatLine.duration(44.6));
        assertEquals("12 min", HeartbeatLine.duration(12 * 60 + 10));
        assertEquals("3 h 05 min", HeartbeatLine.duration(3 * 3600 + 5 * 60));
    }
}
