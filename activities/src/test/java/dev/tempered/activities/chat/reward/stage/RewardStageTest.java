package dev.tempered.activities.chat.reward.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.prefs.PreferenceFile;
import dev.tempered.activities.chat.prefs.PreferenceJson;
import dev.tempered.activities.chat.prefs.PreferencePair;
import dev.tempered.activities.chat.reward.PreferenceGroups;
import dev.tempered.activities.chat.reward.RewardCheckpoint;
import dev.tempered.activities.chat.reward.RewardFixtures;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.reward.RewardTrainingTask;
import dev.tempered.activities.chat.sft.SftFixtures;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.stage.StageRunSeeds;
import dev.tempered.activities.model.stage.TrainingHeartbeat;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.MetricPoint;
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

/**
 * {@code reward} as a Temporal activity on real storage: a chat model made from the tiny pretrained
 * GPT learns simulated rankings (longer is better); the output is a {@code reward-model} whose
 * scores put the demonstrations at mean 0, accuracy and margin reach the metrics table, a retry
 * from the step-10 heartbeat ends on the same bytes, and bad inputs are refused by name before
 * training.
 */
class RewardStageTest {
    static final int STEPS = 40;

    static ArtifactPublisher publisher;
    static String tokenizer;
    static String chat;
    static String preferences;
    static String demonstrations;
    static List<Conversation> demos;
    static ChatRenderer renderer;

    @BeforeAll
    static void setUp() throws Exception {
        TinyBase tiny = TinyBase.get();
        publisher = tiny.publisher;
        tokenizer = tiny.tokenizer;
        renderer = SftFixtures.renderer(tiny.spec);
        chat = tiny.chatModel(ModelOrigin.chat(tokenizer, ChatRenderer.VERSION));
        List<PreferencePair> pairs = RewardFixtures.longerIsBetter(120, 3, 5);
        preferences = publishPairs(pairs);
        demos = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 9) demos.add(pairs.get(i).chosen());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversationFile.write(demos, out);
        demonstrations = publisher
                .publish(out.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    @Test
    void trainsARewardModelNormalisedToTheDemonstrationsAndResumesBitExactly() throws Exception {
        String stageRunId = StageRunSeeds.start("reward");
        Map<String, Object> params = params(Map.of(
                "steps", STEPS, "warmup_steps", 4, "checkpoint_every", 10, "eval_every", 10, "rankings_per_step", 8));
        Map<String, String> inputs = Map.of(
                "model", chat, "tokenizer", tokenizer, "preferences", preferences, "demonstrations", demonstrations);
        StageRequest request = new StageRequest(stageRunId, inputs, params);
        List<TrainingHeartbeat> beats = new ArrayList<>();
        StageResult fresh = run(request, null, beats);

        Map<String, Object> s = fresh.summary();
        // 40 steps with warmup and decay: well above chance (0.5); RewardTrainingTaskTest trains to > 0.95.
        assertTrue(((Number) s.get("val_accuracy")).doubleValue() > 0.8, s.toString());
        assertTrue(((Number) s.get("val_margin")).doubleValue() > 0, s.toString());
        assertEquals(360L, ((Number) s.get("pairs")).longValue());
        assertEquals("demonstrations", s.get("offset_from"));
        assertEquals((long) demos.size(), ((Number) s.get("offset_sequences")).longValue());
        ArtifactRecord record = publisher.lineage().artifact(fresh.primary()).orElseThrow();
        assertEquals(RewardStage.KIND, record.kind());
        assertEquals(true, record.metadata().get("normalised"));
        assertEquals(
                List.of(
                        "reward_model",
                        "checkpoint_step_10",
                        "checkpoint_step_20",
                        "checkpoint_step_30",
                        "checkpoint_step_40"),
                fresh.outputs().stream().map(OutputRef::name).toList());

        // The published model scores the demonstrations at mean 0 (InstructGPT's normalisation).
        RewardCheckpoint rm;
        try (InputStream in = publisher.store().open(fresh.primary())) {
            rm = RewardCheckpoint.read(in, "reward model");
        }
        assertEquals(STEPS, rm.step());
        assertEquals(ModelOrigin.chat(tokenizer, ChatRenderer.VERSION), rm.origin());
        try (NDManager manager = NDManager.newBaseManager();
                RewardModel model = RewardModel.of(
                        rm.config(), rm.trunk().parameters(), rm.headWeight(), rm.headBias(), rm.offset(), manager)) {
            List<int[]> ids = demos.stream()
                    .map(c -> PreferenceGroups.render(renderer, c, rm.config().contextLength(), null))
                    .toList();
            double mean =
                    java.util.Arrays.stream(model.score(ids, 16)).average().orElseThrow();
            assertEquals(0, mean, 1e-4);
            assertTrue(rm.offset() != 0);
        }

        // Accuracy and margin reach the metrics table every step, the held-out ones at every evaluation.
        Map<String, List<MetricPoint>> series = publisher.lineage().metrics(UUID.fromString(stageRunId), 0).stream()
                .collect(Collectors.groupingBy(MetricPoint::name));
        assertEquals(STEPS, series.get(RewardTrainingTask.ACCURACY).size());
        assertEquals(STEPS, series.get(RewardTrainingTask.MARGIN).size());
        assertEquals(
                List.of(10L, 20L, 30L, 40L),
                series.get(RewardTrainingTask.VAL_ACCURACY).stream()
                        .map(MetricPoint::step)
                        .toList());

        // A retry whose last heartbeat carried the step-10 checkpoint ends on the same bytes.
        assertTrue(!beats.isEmpty());
        Map<String, String> byName =
                fresh.outputs().stream().collect(Collectors.toMap(OutputRef::name, OutputRef::digest));
        String at10 = byName.get("checkpoint_step_10");
        StageResult resumed = run(request, new TrainingHeartbeat(10, at10, List.of(at10), null), new ArrayList<>());
        assertEquals(10L, ((Number) resumed.summary().get("resumed_from_step")).longValue());
        assertEquals(fresh.primary(), resumed.primary());
        assertEquals(fresh.outputs(), resumed.outputs());
    }

    @Test
    void aBaseCheckpointIsRefused() throws Exception {
        TinyBase tiny = TinyBase.get();
        String message = refused(Map.of("model", tiny.base, "tokenizer", tokenizer, "preferences", preferences));
        assertTrue(message.contains("is a base checkpoint") && message.contains(tiny.base), message);
    }

    @Test
    void aChatModelOfAnotherTokenizerIsRefusedNamingBoth() throws Exception {
        String other = "ab".repeat(32);
        String foreign = TinyBase.get().chatModel(ModelOrigin.chat(other, ChatRenderer.VERSION));
        String message = refused(Map.of("model", foreign, "tokenizer", tokenizer, "preferences", preferences));
        assertTrue(message.contains("trained with tokenizer " + other) && message.contains(tokenizer), message);
    }

    @Test
    void pairsWithIdenticalChosenAndRejectedAreRefusedByReason() throws Exception {
        List<PreferencePair> pairs = RewardFixtures.longerIsBetter(4, 3, 9);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (PreferencePair p : pairs) lines.add(PreferenceJson.write(p));
        ObjectNode broken = (ObjectNode) json.readTree(lines.get(0));
        broken.set("rejected", broken.get("chosen"));
        lines.set(0, json.writeValueAsString(broken));
        String digest = publishLines(lines);
        String message = refused(Map.of("model", chat, "tokenizer", tokenizer, "preferences", digest));
        assertTrue(message.contains(digest) && message.contains("identical_replies=1"), message);
    }

    @Test
    void emptyPreferencesAreRefused() throws Exception {
        String digest = publishLines(List.of());
        String message = refused(Map.of("model", chat, "tokenizer", tokenizer, "preferences", digest));
        assertTrue(message.contains("holds no pair"), message);
    }

    private static String publishPairs(List<PreferencePair> pairs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PreferenceFile.write(pairs, out);
        return publisher
                .publish(out.toByteArray(), PreferenceFile.KIND, PreferenceFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    private static String publishLines(List<String> lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        return publisher
                .publish(out.toByteArray(), PreferenceFile.KIND, PreferenceFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    private static String refused(Map<String, String> inputs) {
        ActivityFailure failure = assertThrows(
                ActivityFailure.class,
                () -> run(
                        new StageRequest(null, inputs, params(Map.of("steps", 2, "warmup_steps", 1))),
                        null,
                        new ArrayList<>()));
        ApplicationFailure cause = (ApplicationFailure) failure.getCause();
        assertEquals(InvalidStageInputException.class.getName(), cause.getType(), cause.getOriginalMessage());
        return cause.getOriginalMessage();
    }

    private static Map<String, Object> params(Map<String, Object> given) {
        return StageRegistry.get("reward", "test").normalize(new HashMap<>(given), "test.params");
    }

    private static StageResult run(StageRequest request, TrainingHeartbeat resumeFrom, List<TrainingHeartbeat> beats) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new RewardActivitiesImpl(publisher));
            env.setActivityHeartbeatListener(TrainingHeartbeat.class, beats::add);
            if (resumeFrom != null) env.setHeartbeatDetails(resumeFrom);
            return env.newActivityStub(
                            RewardActivities.class,
                            ActivityOptions.newBuilder()
                                    .setHeartbeatTimeout(Duration.ofSeconds(60))
                                    .setStartToCloseTimeout(Duration.ofMinutes(5))
                                    .build())
                    .trainRewardModel(request);
        } finally {
            env.close();
        }
    }
}
