package dev.tempered.activities.chat.sft;

import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.stage.PretrainActivities;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.model.stage.TestTokenManifests;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.StageRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The base model the chat tests start from, made once per JVM on real storage by the real
 * {@code pretrain} activity: a 1,024-token BPE with the chat specials and a GPT (2 layers, width 64,
 * context 64) pretrained 40 steps on the fixture's documentation pages. It has seen text, knows no
 * conversation and no fact.
 */
public final class TinyBase {
    private static TinyBase instance;

    public final ArtifactPublisher publisher;
    public final TokenizerSpec spec;
    public final String tokenizer;
    public final String base;

    private TinyBase() throws IOException {
        StorageFixture fixture = StorageFixture.get();
        publisher = new ArtifactPublisher(fixture.newArtifactStore("tiny-base"), fixture.lineage());
        Path work = Files.createTempDirectory("tempered-tiny-base-");
        spec = SftFixtures.tokenizer(1024);
        tokenizer = TokenizerArtifacts.publish(publisher, spec, Files.createTempDirectory(work, "tok"), Map.of())
                .digest();
        String manifest = TestTokenManifests.publish(publisher, spec, tokenizer, SftFixtures.pageTexts(), work);
        Map<String, Object> pretrain = StageRegistry.get("pretrain", "test")
                .normalize(
                        Map.of(
                                "width",
                                64,
                                "context",
                                64,
                                "batch_size",
                                8,
                                "steps",
                                40,
                                "warmup_steps",
                                4,
                                "checkpoint_every",
                                40,
                                "eval_every",
                                40),
                        "test.params");
        base = activity(new PretrainActivitiesImpl(publisher), PretrainActivities.class)
                .pretrain(new StageRequest(null, Map.of("in", manifest), pretrain))
                .primary();
    }

    public static synchronized TinyBase get() {
        if (instance == null) {
            try {
                instance = new TinyBase();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /**
     * The base checkpoint relabelled with {@code origin} (as SFT labels its output), published as a
     * chat model: what the reward, ppo and rlvr stages start from in their tests. Its digest.
     */
    public String chatModel(ModelOrigin origin) throws IOException {
        Checkpoint b;
        try (InputStream in = publisher.store().open(base)) {
            b = Checkpoint.read(in, "base");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Checkpoint(b.config(), b.step(), b.seed(), b.loader(), b.parameters(), b.optimizer(), origin).write(out);
        return publisher
                .publish(out.toByteArray(), "checkpoint", "application/octet-stream", Map.of("kind", "chat"))
                .digest();
    }

    /** A stub of {@code type} served by {@code implementation} in a test activity environment. */
    public static <T> T activity(Object implementation, Class<T> type) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(implementation);
        return env.newActivityStub(
                type,
                ActivityOptions.newBuilder()
                        .setHeartbeatTimeout(Duration.ofSeconds(60))
                        .setStartToCloseTimeout(Duration.ofMinutes(10))
                        .build());
    }
}
