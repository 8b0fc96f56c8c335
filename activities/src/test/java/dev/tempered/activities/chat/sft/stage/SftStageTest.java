package dev.tempered.activities.chat.sft.stage;

import static dev.tempered.activities.model.stage.HeartbeatAssertions.assertPulses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.sft.SftFixtures;
import dev.tempered.activities.chat.sft.SftTrainingTask;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.stage.StageRunSeeds;
import dev.tempered.activities.model.stage.TrainingHeartbeat;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Digests;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.StageStatus;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sft} as a Temporal activity on real storage: a GPT pretrained by the {@code pretrain}
 * activity on the English documentation pages (under a 1,024-token BPE with the chat specials) is
 * fine-tuned on the fixture's conversations about those pages. Chat checkpoints are published as
 * they go with {@code kind: chat}, the tokenizer digest and the render version in header and
 * metadata; loss, masked-token metrics and val_loss land in the metrics table; invalid lines are
 * counted by reason; a retry from the step-10 heartbeat ends on the same final checkpoint. Bad
 * inputs are refused without retry, each naming what is wrong.
 */
class SftStageTest {
    static final int STEPS = 30;

    @TempDir
    static Path work;

    static ArtifactPublisher publisher;
    static TokenizerSpec spec;
    static String tokenizer;
    static String base;
    static String conversations;

    @BeforeAll
    static void pretrainABaseModel() throws Exception {
        TinyBase tiny = TinyBase.get();
        publisher = tiny.publisher;
        spec = tiny.spec;
        tokenizer = tiny.tokenizer;
        base = tiny.base;
        conversations = publisher
                .publish(SftFixtures.conversationsGzip(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    @Test
    void fineTunesIntoChatCheckpointsRecordsMetricsAndResumesBitExactly() throws Exception {
        String stageRunId = StageRunSeeds.start("sft");
        Map<String, Object> params = sftParams(Map.of(
                "steps",
                STEPS,
                "batch_size",
                4,
                "warmup_steps",
                3,
                "checkpoint_every",
                10,
                "eval_every",
                10,
                "eval_fraction",
                0.2));
        StageRequest request = new StageRequest(stageRunId, inputs(base, conversations, tokenizer), params);

        List<TrainingHeartbeat> beats = new ArrayList<>();
        StageResult fresh = run(request, null, beats);
        Map<String, String> byName =
                fresh.outputs().stream().collect(Collectors.toMap(OutputRef::name, OutputRef::digest));
        assertEquals(
                List.of("checkpoint", "checkpoint_step_10", "checkpoint_step_20"),
                fresh.outputs().stream().map(OutputRef::name).toList());
        try (InputStream in = publisher.store().open(fresh.primary())) {
            Checkpoint ckpt = Checkpoint.read(in, "final");
            assertEquals(STEPS, ckpt.step());
            assertEquals(ModelOrigin.chat(tokenizer, ChatRenderer.VERSION), ckpt.origin());
            assertEquals(spec.vocabSize(), ckpt.config().vocabSize());
        }
        ArtifactRecord record = publisher.lineage().artifact(fresh.primary()).orElseThrow();
        assertEquals("checkpoint", record.kind());
        assertEquals("chat", record.metadata().get("kind"));
        assertEquals(tokenizer, record.metadata().get("tokenizer"));
        assertEquals(ChatRenderer.VERSION, ((Number) record.metadata().get("render_version")).intValue());
        assertEquals(STEPS, ((Number) record.metadata().get("step")).intValue());
        assertNotNull(record.metadata().get("loss"));

        Map<String, Object> s = fresh.summary();
        assertEquals(20L, ((Number) s.get("conversations_valid")).longValue(), s.toString());
        assertEquals(
                Map.of("empty_content", 1, "no_assistant_reply", 1, "not_json", 1, "role_order", 1),
                s.get("conversations_invalid"));
        int train = ((Number) s.get("train_conversations")).intValue();
        int val = ((Number) s.get("val_conversations")).intValue();
        int untrainable = ((Number) s.get("untrainable")).intValue();
        assertTrue(val >= 1 && train >= 10, s.toString());
        assertEquals(20, train + val + untrainable, s.toString());
        assertTrue(((Number) s.get("masked_tokens")).longValue() < ((Number) s.get("train_tokens")).longValue());
        assertEquals(base, s.get("base_model"));
        assertEquals(0L, ((Number) s.get("resumed_from_step")).longValue());

        // The loss over assistant tokens falls; metrics land in the metrics table, step by step.
        Map<String, List<MetricPoint>> series = publisher.lineage().metrics(UUID.fromString(stageRunId), 0).stream()
                .collect(Collectors.groupingBy(MetricPoint::name));
        for (String name : List.of(
                "loss",
                "lr",
                "grad_norm",
                "tokens_per_s",
                SftTrainingTask.MASKED_TOKENS,
                SftTrainingTask.MASKED_SHARE)) {
            assertEquals(STEPS, series.get(name).size(), name);
        }
        assertEquals(
                List.of(10L, 20L, 30L),
                series.get("val_loss").stream().map(MetricPoint::step).toList());
        double first = series.get("loss").get(0).value();
        double last = ((Number) s.get("final_loss")).doubleValue();
        assertTrue(last < first - 0.5, "loss " + first + " → " + last);
        for (MetricPoint share : series.get(SftTrainingTask.MASKED_SHARE))
            assertTrue(share.value() > 0 && share.value() < 1, share.toString());
        assertNotNull(s.get("final_val_loss"));

        // A retry whose last heartbeat carried the step-10 checkpoint ends on the same bytes.
        assertTrue(!beats.isEmpty(), "sft heartbeats");
        assertPulses(beats, STEPS);
        TrainingHeartbeat at10 = new TrainingHeartbeat(
                10, byName.get("checkpoint_step_10"), List.of(byName.get("checkpoint_step_10")), null);
        StageResult resumed = run(request, at10, new ArrayList<>());
        assertEquals(10L, ((Number) resumed.summary().get("resumed_from_step")).longValue());
        assertEquals(fresh.primary(), resumed.primary(), "final checkpoint of the resumed run");
        assertEquals(fresh.outputs(), resumed.outputs());

        // A rerun of the same work (same cache key) after its run was cancelled resumes from that
        // run's newest linked checkpoint (the one it wrote at step 10) and says so, ending on the
        // same bytes; a run that failed or was lost counts the same.
        String key = Digests.sha256Hex(("cross-attempt " + stageRunId).getBytes());
        String cancelledRun = "sft-cancelled-" + UUID.randomUUID();
        UUID cancelledStage = StageRunSeeds.unfinishedWith(
                "sft", cancelledRun, key, Map.of("checkpoint_step_10", byName.get("checkpoint_step_10")));
        publisher.lineage().endStageRun(cancelledStage, StageStatus.CANCELLED, "cancelled by a person");
        String rerunStage = StageRunSeeds.start("sft", "sft-rerun-" + UUID.randomUUID(), key);
        StageResult rerun = run(
                new StageRequest(rerunStage, inputs(base, conversations, tokenizer), params), null, new ArrayList<>());
        assertEquals(10L, ((Number) rerun.summary().get("resumed_from_step")).longValue());
        assertEquals(
                "resumed from step 10 of run " + cancelledRun, rerun.summary().get("resumed"));
        assertEquals(fresh.primary(), rerun.primary(), "final checkpoint of the rerun");
        assertEquals(fresh.outputs(), rerun.outputs());
    }

    @Test
    void aTokenizerWithAnotherVocabularyIsRefusedNamingBothSizesAndDigests() throws Exception {
        String other = TokenizerArtifacts.publish(
                        publisher, SftFixtures.tokenizer(700), Files.createTempDirectory(work, "tok"), Map.of())
                .digest();
        String message = refused(inputs(base, conversations, other));
        assertTrue(
                message.contains("vocabulary of " + spec.vocabSize())
                        && message.contains("700")
                        && message.contains(base)
                        && message.contains(other),
                message);
    }

    @Test
    void aTokenizerWithoutTheChatSpecialsIsRefusedNamingThem() throws Exception {
        Map<String, Integer> onlyBos = new HashMap<>();
        onlyBos.put(SpecialTokens.BOS, spec.tokensByRank().size());
        TokenizerSpec plain = new TokenizerSpec(spec.pattern(), spec.tokensByRank(), onlyBos);
        String plainDigest = TokenizerArtifacts.publish(
                        publisher, plain, Files.createTempDirectory(work, "tok"), Map.of())
                .digest();
        String message = refused(inputs(base, conversations, plainDigest));
        assertTrue(
                message.contains(plainDigest)
                        && message.contains(SpecialTokens.ASSISTANT_START)
                        && message.contains("chat special tokens"),
                message);
    }

    @Test
    void conversationsWithNoValidLineAreRefusedWithCountsByReason() throws Exception {
        List<String> bad = new String(
                        SftStageTest.class
                                .getResourceAsStream(SftFixtures.RESOURCE)
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("\"invalid\"") || l.contains("not json"))
                .toList();
        assertEquals(4, bad.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(String.join("\n", bad).getBytes(StandardCharsets.UTF_8));
        }
        String empty = publisher
                .publish(out.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
        String message = refused(inputs(base, empty, tokenizer));
        assertTrue(
                message.contains(empty)
                        && message.contains("no valid line")
                        && message.contains("role_order=1")
                        && message.contains("not_json=1"),
                message);
    }

    @Test
    void aModelThatIsNotACheckpointIsRefusedNamingTheInput() {
        String message = refused(inputs(conversations, conversations, tokenizer));
        assertTrue(
                message.contains("input 'model'")
                        && message.contains(conversations)
                        && message.contains("not a Tempered checkpoint"),
                message);
    }

    private static String refused(Map<String, String> inputs) {
        ActivityFailure failure = assertThrows(
                ActivityFailure.class,
                () -> run(
                        new StageRequest(null, inputs, sftParams(Map.of("steps", 2, "warmup_steps", 1))),
                        null,
                        new ArrayList<>()));
        ApplicationFailure cause = (ApplicationFailure) failure.getCause();
        assertEquals(InvalidStageInputException.class.getName(), cause.getType(), cause.getOriginalMessage());
        return cause.getOriginalMessage();
    }

    private static Map<String, String> inputs(String model, String convs, String tok) {
        return Map.of("model", model, "conversations", convs, "tokenizer", tok);
    }

    private static Map<String, Object> sftParams(Map<String, Object> given) {
        return StageRegistry.get("sft", "test").normalize(given, "test.params");
    }

    private static StageResult run(StageRequest request, TrainingHeartbeat resumeFrom, List<TrainingHeartbeat> beats) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new SftActivitiesImpl(publisher));
            env.setActivityHeartbeatListener(TrainingHeartbeat.class, beats::add);
            if (resumeFrom != null) env.setHeartbeatDetails(resumeFrom);
            return env.newActivityStub(SftActivities.class, options()).sft(request);
        } finally {
            env.close();
        }
    }

    private static ActivityOptions options() {
        return ActivityOptions.newBuilder()
                .setHeartbeatTimeout(Duration.ofSeconds(60))
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .build();
    }
}
