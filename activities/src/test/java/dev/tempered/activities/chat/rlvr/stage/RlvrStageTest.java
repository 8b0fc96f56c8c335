package dev.tempered.activities.chat.rlvr.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.rlvr.RlvrTrainingTask;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.chat.tasks.DialogTask;
import dev.tempered.activities.chat.tasks.SpellingTask;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.ModelOrigin;
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
 * {@code rlvr} as a Temporal activity on real storage, with synthesize's arithmetic and spelling
 * items as prompts and a chat model made from the tiny pretrained GPT: chat checkpoints as it goes,
 * reward and pass@k metrics in the metrics table, pass@1 before and after in the summary, a retry
 * from the step-2 heartbeat ending on the same checkpoint; bad inputs refused by name before
 * training. (Learning itself is RlvrTrainingTaskTest's: the tiny model never answers these tasks
 * right, so every group here has reward 0.)
 */
class RlvrStageTest {
    static final int STEPS = 4;

    static ArtifactPublisher publisher;
    static String tokenizer;
    static String chat;
    static String prompts;
    static String heldout;

    @BeforeAll
    static void setUp() throws Exception {
        TinyBase tiny = TinyBase.get();
        publisher = tiny.publisher;
        tokenizer = tiny.tokenizer;
        chat = tiny.chatModel(ModelOrigin.chat(tokenizer, ChatRenderer.VERSION));
        List<Conversation> train = new ArrayList<>();
        List<Conversation> held = new ArrayList<>();
        SpellingTask spelling = new SpellingTask();
        ArithmeticTask arithmetic = new ArithmeticTask();
        DialogTask dialog = new DialogTask();
        for (int i = 0; i < 40; i++) {
            train.add(spelling.item(1, i));
            train.add(arithmetic.item(1, i));
            train.add(dialog.item(1, i));
        }
        for (int i = 0; i < 6; i++) held.add(spelling.item(2, i));
        prompts = publishConversations(train);
        heldout = publishConversations(held);
    }

    @Test
    void trainsRecordsRewardMetricsAndResumesOnTheSameCheckpoint() throws Exception {
        String stageRunId = StageRunSeeds.start("rlvr");
        Map<String, Object> params = params(Map.of(
                "steps",
                STEPS,
                "prompts_per_step",
                2,
                "group_size",
                4,
                "max_tokens",
                8,
                "checkpoint_every",
                2,
                "eval_every",
                2,
                "eval_items",
                3,
                "eval_samples",
                2));
        StageRequest request = new StageRequest(
                stageRunId,
                Map.of("model", chat, "tokenizer", tokenizer, "prompts", prompts, "heldout", heldout),
                params);
        StageResult fresh = run(request, null);
        Map<String, Object> s = fresh.summary();
        assertEquals(
                List.of("checkpoint", "checkpoint_step_2"),
                fresh.outputs().stream().map(OutputRef::name).toList());
        assertEquals(40, ((Number) ((Map<?, ?>) s.get("prompts_dropped")).get("other_task")).intValue(), s.toString());
        assertEquals(3, ((Number) s.get("held_out_prompts")).intValue(), s.toString());
        assertTrue(s.containsKey("pass_at_1_before") && s.containsKey("pass_at_1_after"), s.toString());
        // Per task before and after: the held-out prompts here are all spelling, so its pass@1 is the overall one.
        for (String when : List.of("before", "after")) {
            Map<?, ?> byTask = (Map<?, ?>) s.get(when + "_by_task");
            assertEquals(1, byTask.size(), s.toString());
            double task = ((Number) ((Map<?, ?>) byTask.values().iterator().next()).get("pass_at_1")).doubleValue();
            assertEquals(((Number) s.get("pass_at_1_" + when)).doubleValue(), task, 1e-4, s.toString());
        }
        assertEquals("r - group mean (nanochat)", s.get("advantage"));
        try (InputStream in = publisher.store().open(fresh.primary())) {
            Checkpoint ckpt = Checkpoint.read(in, "rlvr");
            assertEquals(STEPS, ckpt.step());
            assertEquals(ModelOrigin.chat(tokenizer, ChatRenderer.VERSION), ckpt.origin());
        }
        Map<String, List<MetricPoint>> series = publisher.lineage().metrics(UUID.fromString(stageRunId), 0).stream()
                .collect(Collectors.groupingBy(MetricPoint::name));
        for (String name : List.of(
                RlvrTrainingTask.REWARD_MEAN,
                RlvrTrainingTask.REWARD_STD,
                RlvrTrainingTask.PASS_AT_1,
                RlvrTrainingTask.LENGTH,
                RlvrTrainingTask.ENTROPY)) {
            assertEquals(STEPS, series.get(name).size(), name);
        }
        assertEquals(
                List.of(2L, 4L),
                series.get(RlvrTrainingTask.VAL_PASS_AT_1).stream()
                        .map(MetricPoint::step)
                        .toList());
        assertEquals(2, series.get("val_pass_at_2").size());

        Map<String, String> byName =
                fresh.outputs().stream().collect(Collectors.toMap(OutputRef::name, OutputRef::digest));
        String at2 = byName.get("checkpoint_step_2");
        StageResult resumed = run(request, new TrainingHeartbeat(2, at2, List.of(at2), null));
        assertEquals(2L, ((Number) resumed.summary().get("resumed_from_step")).longValue());
        assertEquals(fresh.primary(), resumed.primary());
    }

    @Test
    void aTaskWithoutACheckerIsRefused() {
        String message = refused(
                Map.of("model", chat, "tokenizer", tokenizer, "prompts", prompts), Map.of("tasks", List.of("dialog")));
        assertTrue(message.contains("task 'dialog' has no exact checker"), message);
    }

    @Test
    void promptsWithNoCheckableItemAreRefused() throws Exception {
        DialogTask dialog = new DialogTask();
        String onlyDialog = publishConversations(List.of(dialog.item(3, 0), dialog.item(3, 1)));
        String message = refused(Map.of("model", chat, "tokenizer", tokenizer, "prompts", onlyDialog), Map.of());
        assertTrue(message.contains("no usable prompt") && message.contains("other_task=2"), message);
    }

    @Test
    void aBaseModelIsRefused() {
        String base = TinyBase.get().base;
        String message = refused(Map.of("model", base, "tokenizer", tokenizer, "prompts", prompts), Map.of());
        assertTrue(message.contains("is a base checkpoint"), message);
    }

    @Test
    void aGroupOfOneIsRefusedWhenThePipelineIsSubmitted() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> params(Map.of("group_size", 1)));
        assertTrue(e.getMessage().contains("group_size"), e.getMessage());
    }

    private static String publishConversations(List<Conversation> conversations) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversationFile.write(conversations, out);
        return publisher
                .publish(out.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    private static String refused(Map<String, String> inputs, Map<String, Object> extra) {
        Map<String, Object> given = new HashMap<>(Map.of("steps", 1));
        given.putAll(extra);
        ActivityFailure failure =
                assertThrows(ActivityFailure.class, () -> run(new StageRequest(null, inputs, params(given)), null));
        ApplicationFailure cause = (ApplicationFailure) failure.getCause();
        assertEquals(InvalidStageInputException.class.getName(), cause.getType(), cause.getOriginalMessage());
        return cause.getOriginalMessage();
    }

    private static Map<String, Object> params(Map<String, Object> given) {
        return StageRegistry.get("rlvr", "test").normalize(new HashMap<>(given), "test.params");
    }

    private static StageResult run(StageRequest request, TrainingHeartbeat resumeFrom) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new RlvrActivitiesImpl(publisher));
            if (resumeFrom != null) env.setHeartbeatDetails(resumeFrom);
            return env.newActivityStub(
                            RlvrActivities.class,
                            ActivityOptions.newBuilder()
                                    .setHeartbeatTimeout(Duration.ofSeconds(60))
                                    .setStartToCloseTimeout(Duration.ofMinutes(5))
                                    .build())
                    .trainOnVerifiableRewards(request);
        } finally {
            env.close();
        }
    }
}
