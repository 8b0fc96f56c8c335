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
                "generated 1,200",
                HeartbeatLine.describe("SynthesizeConversations", payloads(Map.of("generated", 1200))));
    }

    @Test
    void tokenizeAndSampleSayWhatTheyWroteAndOtherDetailsReadAsWordsNeverAsRawMaps() {
        var progress = new dev.tempered.activities.tokenizer.stage.TokenizerActivitiesImpl.TokenizeProgress(
                List.of(
                        new dev.tempered.activities.tokenizer.stage.TokenManifest.Shard(CKPT, 120_000, 300, 0),
                        new dev.tempered.activities.tokenizer.stage.TokenManifest.Shard(CKPT, 80_500, 210, 1)),
                Map.of("en", Map.of("docs", 510L)));
        assertEquals(
                "2 shards written, 200,500 tokens, 510 documents",
                HeartbeatLine.describe("Tokenize", payloads(progress)));
        assertEquals("7 samples written", HeartbeatLine.describe("SampleModel", payloads(7)));
        assertEquals(
                "docs read 12,345, phase training",
                HeartbeatLine.describe(
                        "TrainTokenizer",
                        payloads(new java.util.TreeMap<>(Map.of("phase", "training", "docs_read", 12345)))));
        // A record of digests and nested counts (curation's shard progress) shows its counts, not its contents.
        Map<String, Object> shard = new java.util.LinkedHashMap<>();
        shard.put("chunksDone", 3);
        shard.put("pagesDone", 1200);
        shard.put("keptParts", List.of(CKPT, CKPT, CKPT));
        shard.put("funnel", Map.of("kept", 800));
        assertEquals(
                "chunks done 3, pages done 1,200, kept parts: 3",
                HeartbeatLine.describe("CurateShard", payloads(shard)));
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("45 s", HeartbeatLine.duration(44.6));
        assertEquals("12 min", HeartbeatLine.duration(12 * 60 + 10));
        assertEquals("3 h 05 min", HeartbeatLine.duration(3 * 3600 + 5 * 60));
    }
}
