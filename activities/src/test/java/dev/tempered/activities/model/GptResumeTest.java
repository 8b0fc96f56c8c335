package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact resume: 10 steps straight through against 5 steps, a checkpoint written to disk, and
 * steps 6–10 in a fresh model, optimizer and loader built from that file. The losses and the
 * final weights are bit-identical, with and without dropout (reseeded from the step).
 */
class GptResumeTest {
    static final int STEPS = 10;
    static final int SPLIT = 5;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1})
    void resumedRunRepeatsTheUninterruptedOneBitForBit(double dropout) throws Exception {
        GptConfig config = new GptConfig(2, 4, 64, 32, 256, dropout);
        List<Double> straight = new ArrayList<>();
        float[] straightWte;
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, ParityRun.SEED, manager);
                AdamW opt = new AdamW(ParityRun.ADAMW, manager);
                GptTrainer trainer =
                        new GptTrainer(model, opt, ParityRun.SCHEDULE, ParityRun.CLIP, ParityRun.SEED, 0)) {
            TokenWindows loader = loader();
            for (int s = 0; s < STEPS; s++)
                straight.add(trainer.step(microBatches(loader)).loss());
            straightWte = model.parameters().get("transformer.wte.weight").toFloatArray();
        }

        List<Double> resumed = new ArrayList<>();
        Path file = dir.resolve("step5.ckpt");
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, ParityRun.SEED, manager);
                AdamW opt = new AdamW(ParityRun.ADAMW, manager);
                GptTrainer trainer =
                        new GptTrainer(model, opt, ParityRun.SCHEDULE, ParityRun.CLIP, ParityRun.SEED, 0)) {
            TokenWindows loader = loader();
            for (int s = 0; s < SPLIT; s++)
                resumed.add(trainer.step(microBatches(loader)).loss());
            Checkpoint.of(trainer, loader, ParityRun.SEED).write(file);
        }

        Checkpoint ckpt = Checkpoint.read(file);
        ckpt.requireCompatible(config, 256, file.toString());
        assertEquals(SPLIT, ckpt.step());
        // Parameters are loaded into the model before the trainer exists (the DJL trap).
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.fromValues(ckpt.config(), ckpt.parameters(), manager);
                AdamW opt = AdamW.restore(ckpt.optimizer(), model.parameters(), manager);
                GptTrainer trainer =
                        new GptTrainer(model, opt, ParityRun.SCHEDULE, ParityRun.CLIP, ckpt.seed(), ckpt.step())) {
            TokenWindows loader = loader();
            loader.seek(ckpt.loader());
            for (int s = SPLIT; s < STEPS; s++)
                resumed.add(trainer.step(microBatches(loader)).loss());
            assertEquals(straight, resumed, "losses of the resumed run");
            assertArrayEquals(
                    straightWte,
                    model.parameters().get("transformer.wte.weight").toFloatArray(),
                    "token embedding after 10 steps");
        }
    }

    private static TokenWindows loader() {
        return new TokenWindows(List.of(ParityRun.tokens()), 32, ParityRun.SEED);
    }

    private static List<TokenWindows.Batch> microBatches(TokenWindows loader) {
        return List.of(loader.next(ParityRun.BATCH), loader.next(ParityRun.BATCH));
    }
}
