package dev.tempered.activities.chat.sft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The masked SFT step against a PyTorch twin ({@code bench/chat/make_sft_reference.py}) that started
 * from the same weights and saw the same packed batches with nanochat's {@code ignore_index} loss:
 * losses agree to 1e-5 relative and gradient norms to 1e-4 at each of 8 steps, and the trained-token
 * counts are the same.
 */
class SftParityTest {

    @Test
    void maskedLossesMatchPyTorchAtEveryStep() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/chat/sft-reference-losses.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        List<List<MaskedBatch>> batches = SftParityRun.batches();
        assertEquals(
                ref.get("batchesSha256").asText(),
                SftParityRun.batchesSha256(batches),
                "the SFT parity batches changed; rerun bench/chat/make_sft_reference.py (see its docstring)");

        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(SftParityRun.CONFIG, SftParityRun.SEED, manager);
                AdamW opt = new AdamW(SftParityRun.ADAMW, manager);
                GptTrainer trainer =
                        new GptTrainer(model, opt, SftParityRun.SCHEDULE, SftParityRun.CLIP, SftParityRun.SEED, 0)) {
            ByteArrayOutputStream init = new ByteArrayOutputStream();
            SftReferenceExport.initialCheckpoint(model).write(init);
            assertEquals(
                    ref.get("initCheckpointSha256").asText(),
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(init.toByteArray())),
                    "the initial weights changed; rerun bench/chat/make_sft_reference.py (see its docstring)");

            JsonNode steps = ref.get("steps");
            assertEquals(SftParityRun.STEPS, steps.size());
            double worstLoss = 0;
            double worstNorm = 0;
            for (int s = 0; s < SftParityRun.STEPS; s++) {
                List<MaskedBatch> step = batches.get(s);
                JsonNode want = steps.get(s);
                assertEquals(
                        want.get("maskedTokens").asLong(),
                        step.stream().mapToLong(MaskedBatch::maskedTokens).sum(),
                        "masked tokens at step " + (s + 1));
                GptTrainer.StepResult r = trainer.stepMasked(step);
                double loss = want.get("loss").asDouble();
                double norm = want.get("gradNorm").asDouble();
                assertEquals(want.get("learningRate").asDouble(), r.learningRate(), 1e-12, "lr at step " + (s + 1));
                assertTrue(
                        Math.abs(r.loss() - loss) <= 1e-5 * loss,
                        "step " + (s + 1) + ": loss " + r.loss() + ", PyTorch " + loss);
                assertTrue(
                        Math.abs(r.gradNorm() - norm) <= 1e-4 * norm,
                        "step " + (s + 1) + ": grad norm " + r.gradNorm() + ", PyTorch " + norm);
                worstLoss = Math.max(worstLoss, Math.abs(r.loss() - loss) / loss);
                worstNorm = Math.max(worstNorm, Math.abs(r.gradNorm() - norm) / norm);
            }
            System.out.printf(
                    "sft parity: largest relative difference %.2e in loss, %.2e in grad norm over %d steps%n",
                    worstLoss, worstNorm, SftParityRun.STEPS);
        }
    }
}
