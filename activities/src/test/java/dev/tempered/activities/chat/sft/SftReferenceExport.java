package dev.tempered.activities.chat.sft;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import dev.tempered.activities.model.TokenWindows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * By hand, for {@code bench/chat/make_sft_reference.py}: writes the SFT parity run's initial
 * checkpoint ({@code init.ckpt}) and its masked batches ({@code batches.json}) into the folder
 * named by {@code -Dtempered.sft.exportDir=...}. Skipped in normal test runs.
 */
class SftReferenceExport {

    @Test
    @EnabledIfSystemProperty(named = "tempered.sft.exportDir", matches = ".+")
    void export() throws Exception {
        Path dir = Path.of(System.getProperty("tempered.sft.exportDir"));
        Files.createDirectories(dir);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(SftParityRun.CONFIG, SftParityRun.SEED, manager)) {
            initialCheckpoint(model).write(dir.resolve("init.ckpt"));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        List<List<MaskedBatch>> batches = SftParityRun.batches();
        root.put("batchSize", SftParityRun.BATCH);
        root.put("length", SftParityRun.CONFIG.contextLength());
        root.put("sha256", SftParityRun.batchesSha256(batches));
        ObjectNode s = root.putObject("schedule");
        s.put("peak", SftParityRun.SCHEDULE.peak());
        s.put("warmupSteps", SftParityRun.SCHEDULE.warmupSteps());
        s.put("steps", SftParityRun.SCHEDULE.steps());
        root.put("clip", SftParityRun.CLIP);
        ArrayNode steps = root.putArray("steps");
        for (List<MaskedBatch> step : batches) {
            ArrayNode micro = steps.addArray();
            for (MaskedBatch b : step) {
                ObjectNode mb = micro.addObject();
                ArrayNode x = mb.putArray("x");
                for (int v : b.inputs()) x.add(v);
                ArrayNode y = mb.putArray("y");
                for (int v : b.targets()) y.add(v);
                ArrayNode m = mb.putArray("mask");
                for (float v : b.mask()) m.add((int) v);
            }
        }
        json.writeValue(dir.resolve("batches.json").toFile(), root);
    }

    /** The base checkpoint both sides start from: the seeded model, no optimizer state. */
    static Checkpoint initialCheckpoint(Gpt model) {
        return new Checkpoint(
                SftParityRun.CONFIG,
                0,
                SftParityRun.SEED,
                new TokenWindows.Position(0, 0),
                model.values(),
                new AdamW.State(SftParityRun.ADAMW, 0, Map.of(), Map.of()));
    }
}
