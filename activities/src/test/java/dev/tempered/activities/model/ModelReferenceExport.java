package dev.tempered.activities.model;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * By hand, for {@code bench/model/make_reference.py}: writes the parity run's initial checkpoint
 * ({@code init.ckpt}) and its batches ({@code batches.json}) into the folder named by
 * {@code -Dtempered.model.exportDir=...}. Skipped in normal test runs.
 */
class ModelReferenceExport {

    @Test
    @EnabledIfSystemProperty(named = "tempered.model.exportDir", matches = ".+")
    void export() throws Exception {
        Path dir = Path.of(System.getProperty("tempered.model.exportDir"));
        Files.createDirectories(dir);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(ParityRun.CONFIG, ParityRun.SEED, manager)) {
            new Checkpoint(
                            ParityRun.CONFIG,
                            0,
                            ParityRun.SEED,
                            new TokenWindows.Position(0, 0),
                            model.values(),
                            new AdamW.State(ParityRun.ADAMW, 0, Map.of(), Map.of()))
                    .write(dir.resolve("init.ckpt"));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        List<List<TokenWindows.Batch>> batches = ParityRun.batches();
        root.put("batchSize", ParityRun.BATCH);
        root.put("length", ParityRun.CONFIG.contextLength());
        root.put("sha256", ParityRun.batchesSha256(batches));
        ObjectNode s = root.putObject("schedule");
        s.put("peak", ParityRun.SCHEDULE.peak());
        s.put("floor", ParityRun.SCHEDULE.floor());
        s.put("warmupSteps", ParityRun.SCHEDULE.warmupSteps());
        s.put("decaySteps", ParityRun.SCHEDULE.decaySteps());
        root.put("clip", ParityRun.CLIP);
        ArrayNode steps = root.putArray("steps");
        for (List<TokenWindows.Batch> step : batches) {
            ArrayNode micro = steps.addArray();
            for (TokenWindows.Batch b : step) {
                ObjectNode mb = micro.addObject();
                ArrayNode x = mb.putArray("x");
                for (int v : b.inputs()) x.add(v);
                ArrayNode y = mb.putArray("y");
                for (int v : b.targets()) y.add(v);
            }
        }
        json.writeValue(dir.resolve("batches.json").toFile(), root);
    }
}
