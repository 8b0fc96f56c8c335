package dev.tempered.activities.model.stage;

import static dev.tempered.activities.model.stage.HeartbeatAssertions.assertPulses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.activities.tokenizer.train.BpeTrainer;
import dev.tempered.activities.tokenizer.train.BpeTrainerConfig;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.Digests;
import dev.tempered.storage.Json;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pretrain} and {@code sample} as Temporal activities on real English text (the sample
 * corpus' English documentation pages, tags stripped, under a 512-token BPE): 40 steps with a
 * checkpoint every 10, the loss falls, metrics land in the metrics table, and a retry that resumes
 * from the step-20 checkpoint ends on exactly the same final checkpoint as the uninterrupted run.
 * A run that diverges stops without retry and keeps its last good checkpoint.
 */
class PretrainStageTest {
    static final int STEPS = 40;

    @TempDir
    static Path work;

    static ArtifactPublisher publisher;
    static String tokenizer;
    static String manifest;
    static List<String> docs;

    @BeforeAll
    static void tokenizeRealText() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        publisher = new ArtifactPublisher(fixture.newArtifactStore("pretrain-stage"), fixture.lineage());
        docs = new ArrayList<>();
        for (String page : List.of(
                "python-tutorial-introduction.html",
                "python-library-re.html",
                "postgresql-sql-abort.html",
                "postgresql-index.html")) {
            String html = Files.readString(Path.of("..", "examples", "data", "html", page), StandardCharsets.UTF_8);
            docs.add(html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                    .replaceAll("<[^>]+>", " ")
                    .replaceAll("&[a-z]+;", " ")
                    .replaceAll("\\s+", " ")
                    .strip());
        }
        TokenizerSpec spec = specOf(docs, 512);
        tokenizer = TokenizerArtifacts.publish(publisher, spec, Files.createTempDirectory(work, "tok"), Map.of())
                .digest();
        manifest = TestTokenManifests.publish(publisher, spec, tokenizer, docs, work);
        long tokens = Json.MAPPER
                .readTree(publisher.store().readAllBytes(manifest))
                .get("tokens")
                .asLong();
        assertTrue(tokens > 20_000, "tokens: " + tokens);
    }

    @Test
    void trainsCheckpointsRecordsMetricsAndResumesBitExactly() throws Exception {
        String stageRunId = StageRunSeeds.start("pretrain");
        Map<String, Object> params = StageRegistry.get("pretrain", "test")
                .normalize(
                        Map.of(
                                "width",
                                64,
                                "context",
                                64,
                                "batch_size",
                                8,
                                "steps",
                                STEPS,
                                "warmup_steps",
                                4,
                                "checkpoint_every",
                                10,
                                "eval_every",
                                10),
                        "test.params");
        StageRequest request = new StageRequest(stageRunId, Map.of("in", manifest), params);

        List<TrainingHeartbeat> beats = new ArrayList<>();
        StageResult fresh = run(env -> env.pretrain(request), null, beats);
        Map<String, String> byName =
                fresh.outputs().stream().collect(Collectors.toMap(OutputRef::name, OutputRef::digest));
        assertEquals(
                List.of("checkpoint", "checkpoint_step_10", "checkpoint_step_20", "checkpoint_step_30"),
                fresh.outputs().stream().map(OutputRef::name).toList());
        assertEquals(byName.get("checkpoint"), fresh.primary());
        try (var in = publisher.store().open(fresh.primary())) {
            assertEquals(STEPS, Checkpoint.read(in, "final").step());
        }
        assertEquals(
                "checkpoint",
                publisher
                        .lineage()
                        .artifact(byName.get("checkpoint_step_20"))
                        .orElseThrow()
                        .kind());

        // The loss falls well below its start and below the unigram entropy (context is used).
        List<MetricPoint> metrics = publisher.lineage().metrics(UUID.fromString(stageRunId), 0);
        Map<String, List<MetricPoint>> series = metrics.stream().collect(Collectors.groupingBy(MetricPoint::name));
        assertEquals(STEPS, series.get("loss").size());
        assertEquals(STEPS, series.get("tokens_per_s").size());
        assertEquals(
                List.of(10L, 20L, 30L, 40L),
                series.get("val_loss").stream().map(MetricPoint::step).toList());
        double first = series.get("loss").get(0).value();
        double last = ((Number) fresh.summary().get("final_loss")).doubleValue();
        assertTrue(last < first - 1.0, "loss " + first + " → " + last);
        assertTrue(
                last < ((Number) fresh.summary().get("unigram_entropy_nats")).doubleValue(),
                fresh.summary().toString());
        assertNotNull(fresh.summary().get("final_val_loss"));

        // A retry whose last heartbeat carried the step-20 checkpoint ends on the same bytes.
        // (The SDK throttles heartbeats, so the listener sees only some; this is the one sent after step 20.)
        // A heartbeat without `now` (as older versions wrote them) still resumes.
        assertTrue(!beats.isEmpty(), "pretrain heartbeats");
        assertPulses(beats, STEPS);
        var at20 = new TrainingHeartbeat(
                20,
                byName.get("checkpoint_step_20"),
                List.of(byName.get("checkpoint_step_10"), byName.get("checkpoint_step_20")),
                null);
        StageResult resumed = run(env -> env.pretrain(request), at20, new ArrayList<>());
        assertEquals(0L, ((Number) fresh.summary().get("resumed_from_step")).longValue());
        assertEquals(20L, ((Number) resumed.summary().get("resumed_from_step")).longValue());
        assertEquals(fresh.primary(), resumed.primary(), "final checkpoint of the resumed run");
        assertEquals(fresh.outputs(), resumed.outputs());
        assertNull(resumed.summary().get("resumed"), "a retry of the same attempt names no earlier run");

        // A rerun of the same work (same cache key) after its run was lost (a platform restart drops
        // the embedded Temporal's heartbeats) resumes from that run's newest linked checkpoint and
        // says so, ending on the same bytes as the uninterrupted run. The lost attempt linked the
        // step-10 and step-20 checkpoints as a run does while it trains (bit-exact training writes
        // exactly these bytes at those steps, as the retry above shows).
        String key = Digests.sha256Hex(("cross-attempt " + stageRunId).getBytes());
        String lostRun = "pretrain-lost-" + UUID.randomUUID();
        StageRunSeeds.unfinishedWith(
                "pretrain",
                lostRun,
                key,
                new java.util.TreeMap<>(Map.of(
                        "checkpoint_step_10", byName.get("checkpoint_step_10"),
                        "checkpoint_step_20", byName.get("checkpoint_step_20"))));
        assertTrue(publisher.lineage().markRunLost(lostRun, "lost: the platform stopped while it ran"));
        String rerunStage = StageRunSeeds.start("pretrain", "pretrain-rerun-" + UUID.randomUUID(), key);
        StageResult rerun = run(
                env -> env.pretrain(new StageRequest(rerunStage, Map.of("in", manifest), params)),
                null,
                new ArrayList<>());
        assertEquals(20L, ((Number) rerun.summary().get("resumed_from_step")).longValue());
        assertEquals("resumed from step 20 of run " + lostRun, rerun.summary().get("resumed"));
        assertEquals(fresh.primary(), rerun.primary(), "final checkpoint of the rerun");
        assertEquals(fresh.outputs(), rerun.outputs());
        // The inherited checkpoints are linked to the rerun at once, so a rerun of it finds them all.
        assertEquals(
                List.of("checkpoint_step_10", "checkpoint_step_20", "checkpoint_step_30", "checkpoint_step_40"),
                publisher.lineage().stageRun(UUID.fromString(rerunStage)).orElseThrow().outputs().stream()
                        .map(ArtifactRef::name)
                        .sorted(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(16))))
                        .toList());

        Map<String, Object> sampleParams =
                StageRegistry.get("sample", "test").normalize(Map.of("max_tokens", 16), "test.params");
        StageResult samples = run(
                env -> env.sampleModel(new StageRequest(
                        stageRunId, Map.of("model", fresh.primary(), "tokenizer", tokenizer), sampleParams)),
                null,
                new ArrayList<>());
        JsonNode doc = Json.MAPPER.readTree(publisher.store().readAllBytes(samples.primary()));
        assertEquals(PretrainActivitiesImpl.SAMPLES_FORMAT, doc.get("format").asText());
        assertEquals(
                ((List<?>) sampleParams.get("prompts")).size(),
                doc.get("samples").size());
        for (JsonNode s : doc.get("samples")) assertTrue(s.get("tokens").asInt() > 0, s.toString());

        // A tokenizer with another vocabulary is refused, not retried, naming both sizes.
        String otherTokenizer = tokenizerOf(docs, 300);
        ApplicationFailure mismatch = (ApplicationFailure) assertThrows(
                        ActivityFailure.class,
                        () -> run(
                                env -> env.sampleModel(new StageRequest(
                                        stageRunId,
                                        Map.of("model", fresh.primary(), "tokenizer", otherTokenizer),
                                        sampleParams)),
                                null,
                                new ArrayList<>()))
                .getCause();
        assertEquals(InvalidStageInputException.class.getName(), mismatch.getType());
        assertTrue(
                mismatch.getOriginalMessage().contains("vocabulary of 512")
                        && mismatch.getOriginalMessage().contains("300"),
                mismatch.getOriginalMessage());
    }

    /**
     * A real divergence, not an injected NaN: peak learning rate 1 with weight decay 10 and no
     * warmup makes AdamW's decoupled decay multiply every matrix by (1 − 1·10) = −9 per step, so
     * the weights grow ~9× a step until the attention logits overflow float32. The stage stops
     * with a non-retryable error naming the update and the last good checkpoint, which is in S3 and
     * linked to the stage run; every checkpoint it wrote is finite.
     */
    @Test
    void aDivergingRunStopsNamingItsLastGoodCheckpointAndKeepsIt() throws Exception {
        String stageRunId = StageRunSeeds.start("pretrain");
        Map<String, Object> params = StageRegistry.get("pretrain", "test")
                .normalize(
                        Map.of(
                                "width",
                                64,
                                "context",
                                64,
                                "batch_size",
                                8,
                                "steps",
                                200,
                                "warmup_steps",
                                0,
                                "learning_rate",
                                1.0,
                                "weight_decay",
                                10.0,
                                "checkpoint_every",
                                5,
                                "eval_every",
                                1000),
                        "test.params");
        ActivityFailure failure = assertThrows(
                ActivityFailure.class,
                () -> run(
                        env -> env.pretrain(new StageRequest(stageRunId, Map.of("in", manifest), params)),
                        null,
                        new ArrayList<>()));
        ApplicationFailure cause = (ApplicationFailure) failure.getCause();
        String message = cause.getOriginalMessage();
        System.out.println("diverged: " + message);
        assertEquals(InvalidStageInputException.class.getName(), cause.getType(), "not retried");
        assertTrue(
                cause.isNonRetryable()
                        || List.of(dev.tempered.workflows.StageActivityOptions.NON_RETRYABLE)
                                .contains(cause.getType()),
                "listed as non-retryable");

        // Every checkpoint the run wrote is linked to it, readable, finite, and the newest is the one the error names.
        List<dev.tempered.storage.ArtifactRef> outputs = publisher
                .lineage()
                .stageRun(UUID.fromString(stageRunId))
                .orElseThrow()
                .outputs();
        assertTrue(!outputs.isEmpty(), "the checkpoints before the divergence are outputs of the stage run");
        long lastGoodStep = -1;
        String lastGood = null;
        for (var o : outputs) {
            assertEquals("checkpoint", o.kind());
            assertTrue(publisher.store().exists(o.digest()), o.digest() + " is in S3");
            try (var in = publisher.store().open(o.digest())) {
                Checkpoint ckpt = Checkpoint.read(in, o.name());
                assertEquals(java.util.Optional.empty(), ckpt.firstNonFinite(), o.name());
                assertEquals("checkpoint_step_" + ckpt.step(), o.name());
                if (ckpt.step() > lastGoodStep) {
                    lastGoodStep = ckpt.step();
                    lastGood = o.digest();
                }
            }
        }
        assertTrue(lastGoodStep >= 5, "diverged after the first checkpoint: " + message);
        java.util.regex.Matcher update = java.util.regex.Pattern.compile("diverged at update (\\d+) of 200")
                .matcher(message);
        assertTrue(update.find(), message);
        long failedUpdate = Long.parseLong(update.group(1));
        assertTrue(failedUpdate > lastGoodStep && failedUpdate <= lastGoodStep + 5, message);
        assertTrue(message.contains("Last good checkpoint: " + lastGood + " (step " + lastGoodStep), message);
    }

    @Test
    void anInputThatIsNotATokenManifestIsRefusedNamingIt() throws Exception {
        Map<String, Object> params = StageRegistry.get("pretrain", "test").normalize(Map.of("steps", 1), "test.params");
        ApplicationFailure failure = assertThrows(
                                        ActivityFailure.class,
                                        () -> run(
                                                env -> env.pretrain(
                                                        new StageRequest(null, Map.of("in", tokenizer), params)),
                                                null,
                                                new ArrayList<>()))
                                .getCause()
                        instanceof ApplicationFailure a
                ? a
                : null;
        assertNotNull(failure);
        assertEquals(InvalidStageInputException.class.getName(), failure.getType());
        assertTrue(
                failure.getOriginalMessage().contains(tokenizer)
                        && failure.getOriginalMessage().contains("not a token manifest"),
                failure.getOriginalMessage());
    }

    private static StageResult run(
            Function<PretrainActivities, StageResult> call,
            TrainingHeartbeat resumeFrom,
            List<TrainingHeartbeat> beats) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new PretrainActivitiesImpl(publisher));
            env.setActivityHeartbeatListener(TrainingHeartbeat.class, beats::add);
            if (resumeFrom != null) env.setHeartbeatDetails(resumeFrom);
            return call.apply(env.newActivityStub(
                    PretrainActivities.class,
                    ActivityOptions.newBuilder()
                            .setHeartbeatTimeout(Duration.ofSeconds(60))
                            .setStartToCloseTimeout(Duration.ofMinutes(5))
                            .build()));
        } finally {
            env.close();
        }
    }

    private static TokenizerSpec specOf(List<String> texts, int vocabSize) {
        List<byte[]> ranks = new BpeTrainer(BpeTrainerConfig.of(vocabSize)
                        .withSpecialTokens(SpecialTokens.ALL.size())
                        .withThreads(1))
                .train(texts)
                .tokenBytesByRank();
        return new TokenizerSpec(
                BpeTrainerConfig.of(vocabSize).splitPattern(), ranks, SpecialTokens.assign(ranks.size()));
    }

    private static String tokenizerOf(List<String> texts, int vocabSize) throws Exception {
        return TokenizerArtifacts.publish(
                        publisher, specOf(texts, vocabSize), Files.createTempDirectory(work, "tok"), Map.of())
                .digest();
    }
}
