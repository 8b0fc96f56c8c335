package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checkpoint file round-trips, and every way it can be wrong is named in the error. */
class CheckpointFormatTest {
    static final GptConfig CONFIG = new GptConfig(1, 2, 16, 8, 50, 0.0);
    static Checkpoint checkpoint;
    static byte[] bytes;

    @BeforeAll
    static void trainTwoSteps() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(CONFIG, 5, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(1e-3), 1.0, 5, 0)) {
            int[] tokens = new int[200];
            for (int i = 0; i < tokens.length; i++) tokens[i] = (i * 7) % 50;
            TokenWindows loader = new TokenWindows(List.of(tokens), 8, 5);
            trainer.step(List.of(loader.next(2)));
            trainer.step(List.of(loader.next(2)));
            checkpoint = Checkpoint.of(trainer, loader, 5);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        checkpoint.write(out);
        bytes = out.toByteArray();
    }

    static Checkpoint read(byte[] b) throws Exception {
        return Checkpoint.read(new ByteArrayInputStream(b), "test.ckpt");
    }

    @Test
    void roundTrips() throws Exception {
        Checkpoint back = read(bytes);
        assertEquals(CONFIG, back.config());
        assertEquals(2, back.step());
        assertEquals(5, back.seed());
        assertEquals(new TokenWindows.Position(0, 4), back.loader());
        assertEquals(2, back.optimizer().step());
        assertEquals(checkpoint.parameters().keySet(), back.parameters().keySet());
        for (String k : checkpoint.parameters().keySet()) {
            assertArrayEquals(checkpoint.parameters().get(k), back.parameters().get(k), k);
            assertArrayEquals(
                    checkpoint.optimizer().firstMoments().get(k),
                    back.optimizer().firstMoments().get(k),
                    k);
            assertArrayEquals(
                    checkpoint.optimizer().secondMoments().get(k),
                    back.optimizer().secondMoments().get(k),
                    k);
        }
        assertEquals("tempered.checkpoint v1\n", new String(bytes, 0, 23, StandardCharsets.US_ASCII));
    }

    @Test
    void truncatedFilesAreNamedAsTruncated() {
        for (int cut : new int[] {10, 25, 60, bytes.length - 1}) {
            var e = assertThrows(
                    CheckpointFormatException.class, () -> read(Arrays.copyOf(bytes, cut)), "cut at " + cut);
            assertContains(e, "test.ckpt");
            assertTrue(
                    e.getMessage().contains("truncated") || e.getMessage().contains("not a Tempered checkpoint"),
                    e.getMessage());
        }
        var e = assertThrows(CheckpointFormatException.class, () -> read(Arrays.copyOf(bytes, bytes.length - 100)));
        assertContains(e, "truncated");
        assertContains(e, "tensor data");
    }

    @Test
    void flippedDataBitIsCorrupt() {
        byte[] b = bytes.clone();
        b[b.length - 10] ^= 0x40;
        var e = assertThrows(CheckpointFormatException.class, () -> read(b));
        assertContains(e, "sha256");
        assertContains(e, "corrupt");
    }

    @Test
    void trailingBytesAreCorrupt() {
        byte[] b = Arrays.copyOf(bytes, bytes.length + 3);
        var e = assertThrows(CheckpointFormatException.class, () -> read(b));
        assertContains(e, "bytes follow");
    }

    @Test
    void anotherVersionIsRefusedByName() {
        byte[] b = bytes.clone();
        b[21] = '2';
        var e = assertThrows(CheckpointFormatException.class, () -> read(b));
        assertContains(e, "tempered.checkpoint v2");
        assertContains(e, "v1 only");
    }

    @Test
    void otherFilesAreNotCheckpoints() {
        var e = assertThrows(
                CheckpointFormatException.class,
                () -> read("PK\u0003\u0004 this is a zip, not ours".getBytes(StandardCharsets.ISO_8859_1)));
        assertContains(e, "not a Tempered checkpoint");
    }

    @Test
    void configMismatchNamesTheField() throws Exception {
        Checkpoint c = read(bytes);
        var e = assertThrows(
                CheckpointFormatException.class,
                () -> c.requireCompatible(new GptConfig(2, 2, 16, 8, 50, 0.0), 50, "test.ckpt"));
        assertContains(e, "layers is 1 in the checkpoint but 2 in the requested config");
        assertLacks(e, "width");
        var w = assertThrows(
                CheckpointFormatException.class,
                () -> c.requireCompatible(new GptConfig(1, 2, 32, 8, 50, 0.0), 50, "test.ckpt"));
        assertContains(w, "width is 16");
        assertLacks(w, "layers");
    }

    @Test
    void vocabularyMismatchIsNamed() throws Exception {
        Checkpoint c = read(bytes);
        var e = assertThrows(CheckpointFormatException.class, () -> c.requireCompatible(CONFIG, 51, "test.ckpt"));
        assertContains(e, "vocabulary of 50 tokens but the tokenizer has 51");
    }

    @Test
    void parametersOfAnotherShapeAreRefused() {
        Map<String, float[]> values = new java.util.LinkedHashMap<>(checkpoint.parameters());
        values.put("transformer.wpe.weight", new float[3]);
        try (NDManager manager = NDManager.newBaseManager()) {
            var e = assertThrows(CheckpointFormatException.class, () -> Gpt.fromValues(CONFIG, values, manager));
            assertContains(e, "transformer.wpe.weight");
            assertContains(e, "3 values");
        }
    }

    static void assertContains(Exception e, String part) {
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    static void assertLacks(Exception e, String part) {
        assertFalse(e.getMessage().contains(part), "did not expect '" + part + "' in: " + e.getMessage());
    }
}
