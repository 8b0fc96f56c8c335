package dev.tempered.activities.model.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.activities.tokenizer.train.SplitPatterns;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageRunStart;
import dev.tempered.storage.testing.StorageFixture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint digest → model over real PostgreSQL and S3: the tokenizer found through lineage
 * (pretrain run → token manifest → tokenizer), and each refusal naming what is wrong.
 */
class ModelLoaderTest {
    static ArtifactPublisher publisher;
    static ModelLoader loader;
    static String tokenizer;
    static String checkpoint;
    static String orphanCheckpoint;
    static String wideCheckpoint;
    static String manifest;

    @BeforeAll
    static void seed() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        publisher = new ArtifactPublisher(fixture.newArtifactStore("model-loader"), fixture.lineage());
        loader = new ModelLoader(publisher.store(), publisher.lineage());

        // Byte-level: the 256 single bytes and the special tokens, vocabulary 265.
        List<byte[]> bytes = new ArrayList<>();
        for (int b = 0; b < 256; b++) bytes.add(new byte[] {(byte) b});
        TokenizerSpec spec = new TokenizerSpec(SplitPatterns.GPT4, bytes, SpecialTokens.assign(256));
        tokenizer = TokenizerArtifacts.publish(publisher, spec, Files.createTempDirectory("tok"), Map.of())
                .digest();
        manifest = publisher
                .publish(
                        Json.writeBytes(Map.of(
                                "format",
                                "tempered.token-manifest/v1",
                                "tokenizer",
                                tokenizer,
                                "vocab_size",
                                spec.vocabSize(),
                                "nonce",
                                UUID.randomUUID().toString())),
                        "token-manifest",
                        "application/json",
                        Map.of())
                .digest();

        checkpoint = checkpoint(spec.vocabSize(), 5);
        orphanCheckpoint = checkpoint(spec.vocabSize(), 6);
        wideCheckpoint = checkpoint(300, 7);

        LineageStore lineage = publisher.lineage();
        String run = "loader-" + UUID.randomUUID().toString().substring(0, 8);
        lineage.beginPipelineRun(run, "test", Map.of(), null);
        UUID stage = lineage.startStageRun(new StageRunStart(
                run,
                0,
                "pretrain",
                1,
                Digests.sha256Hex(run.getBytes(StandardCharsets.UTF_8)),
                Map.of(),
                List.of(new NamedDigest("in", manifest)),
                run + "/pretrain",
                null));
        lineage.completeStageRun(stage, List.of(new NamedDigest("checkpoint", checkpoint)), Map.of());
    }

    private static String checkpoint(int vocab, long seed) throws Exception {
        GptConfig config = new GptConfig(1, 2, 16, 8, vocab, 0.0);
        try (NDManager manager = NDManager.newBaseManager();
                Gpt model = Gpt.initialize(config, seed, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager);
                GptTrainer trainer = new GptTrainer(model, opt, LearningRateSchedule.constant(1e-3), 1.0, seed, 0)) {
            int[] tokens = new int[100];
            for (int i = 0; i < tokens.length; i++) tokens[i] = 'a' + (i % 26);
            TokenWindows windows = new TokenWindows(List.of(tokens), 8, seed);
            trainer.step(List.of(windows.next(2)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Checkpoint.of(trainer, windows, seed).write(out);
            return publisher
                    .publish(out.toByteArray(), "checkpoint", "application/octet-stream", Map.of("step", 1))
                    .digest();
        }
    }

    @Test
    void theTokenizerIsFoundThroughLineageAndTheModelStreamsText() {
        assertEquals(tokenizer, loader.tokenizerOf(checkpoint));
        try (LoadedModel m = loader.load(checkpoint, null)) {
            assertEquals(tokenizer, m.tokenizer());
            assertEquals(1, m.step());
            List<String> pieces = new ArrayList<>();
            LoadedModel.Completion c =
                    m.generate("abc", new GenerationSettings(12, 0, 0, 1, 1, List.of()), pieces::add, () -> true);
            assertEquals(String.join("", pieces), c.text());
            assertTrue(c.tokens() <= 12, c.toString());
            LoadedModel.Completion again =
                    m.generate("abc", new GenerationSettings(12, 0, 0, 1, 1, List.of()), p -> {}, () -> true);
            assertEquals(c, again, "greedy is deterministic");
            LoadedModel.Completion cancelled =
                    m.generate("abc", new GenerationSettings(12, 1, 0, 1, 1, List.of()), p -> {}, () -> false);
            assertEquals("cancelled", cancelled.stop());
            assertEquals(1, cancelled.tokens());
        }
    }

    @Test
    void eachBadDigestIsRefusedByName() {
        ModelLoadException notCheckpoint = assertThrows(ModelLoadException.class, () -> loader.load(manifest, null));
        assertEquals(ModelLoadException.Problem.NOT_A_CHECKPOINT, notCheckpoint.problem());
        assertTrue(
                notCheckpoint.getMessage().contains("artifact " + manifest + " is a token-manifest, not a checkpoint"));

        String unknown = Digests.sha256Hex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> loader.load(unknown, null));
        assertEquals(ModelLoadException.Problem.NOT_FOUND, missing.problem());
        assertTrue(missing.getMessage().contains("no artifact " + unknown), missing.getMessage());

        ModelLoadException orphan = assertThrows(ModelLoadException.class, () -> loader.load(orphanCheckpoint, null));
        assertEquals(ModelLoadException.Problem.NO_TOKENIZER, orphan.problem());
        assertTrue(orphan.getMessage().contains("--tokenizer DIGEST"), orphan.getMessage());
        try (LoadedModel m = loader.load(orphanCheckpoint, tokenizer)) {
            assertEquals(
                    tokenizer, m.tokenizer(), "an explicit tokenizer serves a checkpoint lineage knows nothing of");
        }

        ModelLoadException wide = assertThrows(ModelLoadException.class, () -> loader.load(wideCheckpoint, tokenizer));
        assertEquals(ModelLoadException.Problem.BAD_TOKENIZER, wide.problem());
        assertTrue(wide.getMessage().contains("vocabulary of 300 tokens but the tokenizer has 265"), wide.getMessage());

        ModelLoadException notTokenizer =
                assertThrows(ModelLoadException.class, () -> loader.load(checkpoint, manifest));
        assertEquals(ModelLoadException.Problem.BAD_TOKENIZER, notTokenizer.problem());
        assertTrue(notTokenizer.getMessage().contains(manifest + " is not a tokenizer"), notTokenizer.getMessage());
    }
}
