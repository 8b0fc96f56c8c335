package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tempered's GPT, AdamW, schedule, accumulation and clipping against a PyTorch twin
 * ({@code bench/model/make_reference.py}) that started from the same weights and saw the same
 * batches: losses agree to 1e-4 relative at each of 20 steps.
 */
class GptParityTest {

    @Test
    void lossesMatchPyTorchAtEveryStep() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("/model/reference-losses.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        List<List<TokenWindows.Batch>> batches = ParityRun.batches();
        assertEquals(
                ref.get("batchesSha256").asText(),
                ParityRun.batchesSha256(batches),
                "the parity batches changed; rerun bench/model/make_reference.py (see its docstring)");

        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(ParityRun.CONFIG, ParityRun.SEED, manager);
                AdamW opt = new AdamW(ParityRun.ADAMW, manager);
                GptTrainer trainer =
                        new GptTrainer(model, opt, ParityRun.SCHEDULE, ParityRun.CLIP, ParityRun.SEED, 0)) {
            ByteArrayOutputStream init = new ByteArrayOutputStream();
            new Checkpoint(
                            ParityRun.CONFIG,
                            0,
                            ParityRun.SEED,
                            new TokenWindows.Position(0, 0),
                            model.values(),
                            new AdamW.State(ParityRun.ADAMW, 0, Map.of(), Map.of()))
                    .write(init);
            assertEquals(
                    ref.get("initCheckpointSha256").asText(),
                    Checkpoint.sha256(init.toByteArray()),
                    "the initial weights changed; rerun bench/model/make_reference.py (see its docstring)");

            double worstLoss = 0;
            double worstNorm = 0;
            JsonNode steps = ref.get("steps");
            assertEquals(ParityRun.STEPS, steps.size());
            for (int s = 0; s < ParityRun.STEPS; s++) {
                GptTrainer.StepResult r = trainer.step(batches.get(s));
                JsonNode want = steps.get(s);
                double loss = want.get("loss").asDouble();
                double norm = want.get("gradNorm").asDouble();
                assertEquals(
                        want.get("learningRate").asDouble(),
                        r.learningRate(),
                        1e-12,
                        "learning rate at step " + (s + 1));
                assertTrue(
                        Math.abs(r.loss() - loss) <= 1e-4 * loss,
                        "step " + (s + 1) + ": loss " + r.loss() + ", PyTorch " + loss);
                assertTrue(
                        Math.abs(r.gradNorm() - norm) <= 1e-3 * norm,
                        "step " + (s + 1) + ": grad norm " + r.gradNorm() + ", PyTorch " + norm);
                worstLoss = Math.max(worstLoss, Math.abs(r.loss() - loss) / loss);
                worstNorm = Math.max(worstNorm, Math.abs(r.gradNorm() - norm) / norm);
            }
            System.out.printf(
                    "parity: largest relative difference %.2e in loss, %.2e in grad norm over %d steps%n",
                    worstLoss, worstNorm, ParityRun.STEPS);
        }
    }
}
