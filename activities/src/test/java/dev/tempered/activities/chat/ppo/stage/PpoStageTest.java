package dev.tempered.activities.chat.ppo.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ppo.PpoTrainingTask;
import dev.tempered.activities.chat.reward.RewardCheckpoint;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.reward.stage.RewardStage;
import dev.tempered.activities.chat.rlvr.RlvrTrainingTaskTest;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.chat.tasks.SpellingTask;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.model.stage.StageRunSeeds;
import dev.tempered.activities.model.stage.TrainingHeartbeat;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactPublisher;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ppo} as a Temporal activity on real storage: a chat model and a reward model made from the
 * tiny pretrained GPT; PPO's logged quantities reach the metrics table, the summary says why it
 * stopped and which step it kept, the kept model is a chat checkpoint, a retry from the step-2
 * heartbeat ends on the same outputs; bad inputs are refused by name before training.
 */
class PpoStageTest {
    static ArtifactPublisher publisher;
    static String tokenizer;
    static String chat;
    static String rewardModel;
    static String prompts;
    static String heldout;
    static Checkpoint base;

    @BeforeAll
    static void setUp() throws Exception {
        TinyBase tiny = TinyBase.get();
        publisher = tiny.publisher;
        tokenizer = tiny.tokenizer;
        try (InputStream in = publisher.store().open(tiny.base)) {
            base = Checkpoint.read(in, "base");
        }
        ModelOrigin origin = ModelOrigin.chat(tokenizer, ChatRenderer.VERSION);
        chat = tiny.chatModel(origin);
        rewardModel = publishRewardModel(origin);
        prompts = publishConversations(RlvrTrainingTaskTest.toyPrompts(0, 24));
        List<Conversation> held = new ArrayList<>();
        SpellingTask spelling = new SpellingTask();
        for (int i = 0; i < 4; i++) held.add(spelling.item(2, i));
        heldout = publishConversations(held);
    }

    @Test
    void optimisesAgainstTheRewardModelRecordsTrlsQuantitiesAndResumes() throws Exception {
        String stageRunId = StageRunSeeds.start("ppo");
        Map<String, Object> params = params(Map.of(
                "steps",
                4,
                "prompts_per_step",
                4,
                "max_tokens",
                4,
                "eval_every",
                2,
                "ppo_epochs",
                2,
                "learning_rate",
                1e-3));
        StageRequest request = new StageRequest(
                stageRunId,
                Map.of(
                        "model",
                        chat,
                        "tokenizer",
                        tokenizer,
                        "reward_model",
                        rewardModel,
                        "prompts",
                        prompts,
                        "heldout",
                        heldout),
                params);
        StageResult fresh = run(request, null);
        Map<String, Object> s = fresh.summary();
        assertTrue(
                String.valueOf(s.get("stop_reason")).equals("completed 4 steps")
                        || String.valueOf(s.get("stop_reason")).contains(": "),
                s.toString());
        assertEquals("reward model", s.get("critic_from"));
        assertEquals(4, ((Number) s.get("held_out_prompts")).intValue());
        assertEquals(
                List.of("checkpoint", "state_1", "state_2"),
                fresh.outputs().stream().map(OutputRef::name).toList());
        try (InputStream in = publisher.store().open(fresh.primary())) {
            assertEquals(
                    ModelOrigin.chat(tokenizer, ChatRenderer.VERSION),
                    Checkpoint.read(in, "kept").origin());
        }
        Map<String, List<MetricPoint>> series = publisher.lineage().metrics(UUID.fromString(stageRunId), 0).stream()
                .collect(Collectors.groupingBy(MetricPoint::name));
        for (String name : List.of(
                PpoTrainingTask.SCORE,
                PpoTrainingTask.KL,
                PpoTrainingTask.NON_SCORE_REWARD,
                PpoTrainingTask.ENTROPY,
                PpoTrainingTask.APPROX_KL,
                PpoTrainingTask.CLIPFRAC,
                PpoTrainingTask.VALUE_LOSS,
                PpoTrainingTask.VALUE_CLIPFRAC)) {
            assertEquals(4, series.get(name).size(), name);
        }
        assertEquals(
                List.of(2L, 4L),
                series.get(PpoTrainingTask.VAL_SCORE).stream()
                        .map(MetricPoint::step)
                        .toList());

        Map<String, String> byName =
                fresh.outputs().stream().collect(Collectors.toMap(OutputRef::name, OutputRef::digest));
        String at2 = byName.get("state_1");
        StageResult resumed = run(request, new TrainingHeartbeat(2, at2, List.of(at2), null));
        assertEquals(2L, ((Number) resumed.summary().get("resumed_from_step")).longValue());
        assertEquals(fresh.outputs(), resumed.outputs());
    }

    @Test
    void aRewardModelOfAnotherTokenizerIsRefused() throws Exception {
        String foreign = publishRewardModel(ModelOrigin.chat("cd".repeat(32), ChatRenderer.VERSION));
        String message =
                refused(Map.of("model", chat, "tokenizer", tokenizer, "reward_model", foreign, "prompts", prompts));
        assertTrue(
                message.contains("input 'reward_model' (" + foreign + ") reads tokenizer " + "cd".repeat(32)), message);
    }

    @Test
    void aKlBoundOfZeroIsRefusedWhenThePipelineIsSubmitted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> params(Map.of("kl_bound", 0)));
        assertTrue(e.getMessage().contains("kl_bound"), e.getMessage());
    }

    @Test
    void emptyPromptsAreRefused() throws Exception {
        String empty = publishConversations(List.of());
        String message =
                refused(Map.of("model", chat, "tokenizer", tokenizer, "reward_model", rewardModel, "prompts", empty));
        assertTrue(message.contains("nothing to roll out"), message);
    }

    private static String publishRewardModel(ModelOrigin origin) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager();
                RewardModel rm = RewardModel.fromChatModel(base.config(), base.parameters(), 3, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager)) {
            RewardCheckpoint.of(rm, opt, 0, 3, new TokenWindows.Position(0, 0), origin, 0)
                    .write(out);
        }
        return publisher
                .publish(out.toByteArray(), RewardStage.KIND, "application/octet-stream", Map.of())
                .digest();
    }

    private static String publishConversations(List<Conversation> conversations) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversationFile.write(conversations, out);
        return publisher
                .publish(out.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    private static String refused(Map<String, String> inputs) {
        ActivityFailure failure = assertThrows(
                ActivityFailure.class,
                () -> run(new StageRequest(null, inputs, params(Map.of("steps", 1, "prompts_per_step", 2))), null));
        ApplicationFailure cause = (ApplicationFailure) failure.getCause();
        assertEquals(InvalidStageInputException.class.getName(), cause.getType(), cause.getOriginalMessage());
        return cause.getOriginalMessage();
    }

    private static Map<String, Object> params(Map<String, Object> given) {
        return StageRegistry.get("ppo", "test").normalize(new HashMap<>(given), "test.params");
    }

    private static StageResult run(StageRequest request, TrainingHeartbeat resumeFrom) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new PpoActivitiesImpl(publisher));
            if (resumeFrom != null) env.setHeartbeatDetails(resumeFrom);
            return env.newActivityStub(
                            PpoActivities.class,
                            ActivityOptions.newBuilder()
                                    .setHeartbeatTimeout(Duration.ofSeconds(60))
                                    .setStartToCloseTimeout(Duration.ofMinutes(5))
                                    .build())
                    .optimizeWithPpo(request);
        } finally {
            env.close();
        }
    }
}
