package dev.tempered.activities.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.eval.ReportCard;
import dev.tempered.activities.chat.rlvr.RlvrTrainingTaskTest;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.chat.tasks.ChatTasks;
import dev.tempered.activities.chat.tasks.SpellingTask;
import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.activities.lineage.openlineage.StageRunEvents;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.registry.PromotionActivitiesImpl;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.stage.StageServices;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.Submission;
import dev.tempered.storage.registry.ModelVersion;
import dev.tempered.storage.registry.Promotion;
import dev.tempered.storage.schedules.RetrainFiring;
import dev.tempered.storage.schedules.RetrainScheduleStore;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflowImpl;
import dev.tempered.workflows.StageSpec;
import dev.tempered.workflows.TaskQueues;
import dev.tempered.workflows.registry.PromotionWorkflowImpl;
import dev.tempered.workflows.retrain.RetrainFiringWorkflow;
import dev.tempered.workflows.retrain.RetrainFiringWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Label-driven retraining, one firing at a time, in Temporal's test service with every real part:
 * the firing workflow and its activities, the pipeline workflow with the real stage activities
 * (label-snapshot, reward, ppo and evaluate on a tiny GPT), PostgreSQL for labels, watermark and
 * firing history, S3 for artifacts, and the promotion workflow the firing ends in. Labels are
 * submitted through the label store, as the label API stores them.
 */
class RetrainFiringTest {
    private static final int TASKS = 6;
    private static final int THRESHOLD = 4;

    static ArtifactPublisher publisher;
    static LineageStore lineage;
    static LabelStore labels;
    static RetrainScheduleStore schedules;
    static TestWorkflowEnvironment env;
    static WorkflowClient client;
    static String tokenizer;
    static String chat;
    static String prompts;
    static String heldout;
    String project;
    User ana;
    User ben;
    /** Submission times: one second apart, so that the watermark is a known label's time. */
    static Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    @BeforeAll
    static void setUp() throws Exception {
        TinyBase tiny = TinyBase.get();
        publisher = tiny.publisher;
        lineage = publisher.lineage();
        tokenizer = tiny.tokenizer;
        chat = tiny.chatModel(ModelOrigin.chat(tokenizer, ChatRenderer.VERSION));
        prompts = conversations(RlvrTrainingTaskTest.toyPrompts(0, 24));
        List<Conversation> held = new ArrayList<>();
        SpellingTask spelling = new SpellingTask();
        for (int i = 0; i < 4; i++) held.add(spelling.item(2, i));
        heldout = conversations(held);

        labels = new LabelStore(lineage.dataSource());
        schedules = new RetrainScheduleStore(lineage.dataSource());
        env = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
        client = env.getWorkflowClient();
        StageServices services = new StageServices(publisher);
        Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(
                PipelineWorkflowImpl.class, RetrainFiringWorkflowImpl.class, PromotionWorkflowImpl.class);
        for (Class<?> child : StageRegistry.childWorkflowImplementations())
            workflows.registerWorkflowImplementationTypes(child);
        workflows.registerActivitiesImplementations(
                new LineageActivitiesImpl(lineage, publisher.store(), StageRunEvents.NONE),
                new PromotionActivitiesImpl(lineage, publisher.store()),
                new RetrainActivitiesImpl(lineage));
        for (String queue : List.of(TaskQueues.CPU, TaskQueues.MODEL)) {
            env.newWorker(queue)
                    .registerActivitiesImplementations(StageRegistry.activityImplementations(queue, services)
                            .toArray());
        }
        env.start();
    }

    /** A labeling project of its own per test, so that counts do not depend on the order tests run in. */
    @BeforeEach
    void project() {
        UserStore users = new UserStore(lineage.dataSource(), new PasswordHasher(8, 1, 1));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ana = users.create("ana-" + suffix, Role.LABELER, "password-ana");
        ben = users.create("ben-" + suffix, Role.LABELER, "password-ben");
        project = "retrain-test/" + suffix;
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            Conversation c = ChatTasks.get("arithmetic").item(7, i);
            Conversation prompt = c.withoutLast();
            tasks.add(new NewTask(
                    "prompt " + i,
                    c.last().text(),
                    null,
                    List.of(
                            new NewTask.NewResponse(c.last().text(), ConversationJson.write(prompt.with(c.last()))),
                            new NewTask.NewResponse(
                                    "I do not know.",
                                    ConversationJson.write(prompt.with(Message.assistant("I do not know.")))))));
        }
        labels.createProject(
                new LabelProject(
                        project,
                        "retrain test",
                        "# Right answers first",
                        2,
                        2,
                        2,
                        1000,
                        Instant.now().plus(Duration.ofDays(1)),
                        true),
                tasks,
                List.of(ana.id(), ben.id()));
    }

    @AfterAll
    static void stop() {
        if (env != null) env.close();
    }

    private static String conversations(List<Conversation> list) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConversationFile.write(list, out);
        return publisher
                .publish(out.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    /**
     * The post-training pipeline in miniature: the labels' snapshot feeds a reward model and an SFT
     * round on the labelers' ideal answers, whose model evaluate registers as the candidate; beside
     * them an evaluation of the starting chat model, which no label changes. (PPO is left out: on a
     * model this small it often keeps its starting policy, which the other test covers.)
     */
    private PipelineSpec pipeline() {
        return new PipelineSpec(
                "retrain-test",
                List.of(
                        new StageSpec("label-snapshot", Map.of("projects", List.of(project)), Map.of()),
                        // Upstream of the labels: the same on every firing, so the cache serves it.
                        new StageSpec(
                                "evaluate",
                                Map.of("max_items", 2, "max_tokens", 4),
                                Map.of("model", chat, "tokenizer", tokenizer, "heldout", heldout),
                                "evaluate-sft"),
                        new StageSpec(
                                "reward",
                                Map.of(
                                        "steps", 2,
                                        "warmup_steps", 1,
                                        "checkpoint_every", 2,
                                        "eval_every", 2,
                                        "rankings_per_step", 2),
                                Map.of(
                                        "model", chat,
                                        "tokenizer", tokenizer,
                                        "preferences", "stage:label-snapshot")),
                        new StageSpec(
                                "sft",
                                Map.of(
                                        "steps", 2,
                                        "batch_size", 2,
                                        "warmup_steps", 1,
                                        "checkpoint_every", 2,
                                        "eval_every", 2),
                                Map.of(
                                        "model", chat,
                                        "tokenizer", tokenizer,
                                        "conversations", "stage:label-snapshot.demonstrations"),
                                "sft-labels"),
                        new StageSpec(
                                "evaluate",
                                Map.of("max_items", 2, "max_tokens", 4),
                                Map.of("model", "stage:sft-labels", "tokenizer", tokenizer, "heldout", heldout),
                                "evaluate-new")));
    }

    /**
     * Labels by {@code who} on tasks {@code from} to {@code to - 1}: the right answer ranked first
     * and written as the ideal answer. Returns the last one's time.
     */
    private Instant label(User who, int from, int to) {
        for (int i = from; i < to; i++) {
            clock = clock.plusSeconds(1);
            labels.submit(
                    who.id(),
                    new Submission(
                            UUID.randomUUID().toString(),
                            LabelStore.taskId(project, i),
                            List.of(List.of(0), List.of(1)),
                            null,
                            ChatTasks.get("arithmetic").item(7, i).last().text(),
                            Set.of(),
                            null),
                    clock);
        }
        return clock;
    }

    private static String fire(String schedule, String firingId) {
        return client.newWorkflowStub(
                        RetrainFiringWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(firingId)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                .fire(schedule);
    }

    private StageRunRecord stage(PipelineRunRecord run, String key) {
        List<StageSpec> specs = pipeline().stages();
        for (int i = 0; i < specs.size(); i++) {
            if (!specs.get(i).key().equals(key)) continue;
            int position = i;
            return run.stages().stream()
                    .filter(s -> s.position() == position)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no stage run at " + position + " in " + run.id()));
        }
        throw new AssertionError("no stage " + key + " in the pipeline");
    }

    @Test
    void skipsBelowTheThresholdThenRetrainsWithUpstreamCachedAndRequestsPromotion() throws Exception {
        String name = "retrain-" + UUID.randomUUID().toString().substring(0, 8);
        schedules.create(name, 3600, THRESHOLD, Json.MAPPER.writeValueAsString(pipeline()), "workflow");

        // Two new labels, fewer than four: a skipped firing that records the count and runs nothing.
        label(ana, 0, 2);
        assertEquals(RetrainFiring.SKIPPED, fire(name, name + "-1"));
        RetrainFiring skipped = schedules.firing(name + "-1").orElseThrow();
        assertEquals(2, skipped.newLabels());
        assertEquals(THRESHOLD, skipped.minNewLabels());
        assertEquals("2 new label(s), fewer than 4", skipped.message());
        assertNull(skipped.runId());
        assertNull(schedules.get(name).orElseThrow().watermark());

        // Six: a retrain up to the newest label, ending in a promotion request of the new model.
        Instant firstWatermark = label(ana, 2, TASKS);
        assertEquals(RetrainFiring.SUCCEEDED, fire(name, name + "-2"));
        RetrainFiring first = schedules.firing(name + "-2").orElseThrow();
        assertEquals(TASKS, first.newLabels());
        assertEquals(firstWatermark, first.watermark());
        assertEquals(firstWatermark, schedules.get(name).orElseThrow().watermark());
        PipelineRunRecord firstRun = lineage.run(first.runId()).orElseThrow();
        assertFalse(stage(firstRun, "evaluate-new").cached());
        assertPromotionOfTheRunsNewModel(first, firstRun);

        // Four more, from the second labeler: only the stages that read the labels run again.
        Instant secondWatermark = label(ben, 0, THRESHOLD);
        RetrainFiringWorkflow running = client.newWorkflowStub(
                RetrainFiringWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(name + "-3")
                        .setTaskQueue(TaskQueues.WORKFLOWS)
                        .build());
        WorkflowClient.start(running::fire, name);
        for (int i = 0; i < 600 && schedules.firing(name + "-3").isEmpty(); i++) Thread.sleep(20);
        // A firing due while that retrain runs is recorded as an overlap and starts nothing.
        assertEquals(RetrainFiring.OVERLAP, fire(name, name + "-3b"));
        RetrainFiring overlap = schedules.firing(name + "-3b").orElseThrow();
        assertEquals(THRESHOLD, overlap.newLabels());
        assertNull(overlap.runId());
        assertEquals(RetrainFiring.SUCCEEDED, WorkflowStub.fromTyped(running).getResult(String.class));
        RetrainFiring second = schedules.firing(name + "-3").orElseThrow();
        assertEquals(THRESHOLD, second.newLabels());
        assertEquals(secondWatermark, schedules.get(name).orElseThrow().watermark());
        PipelineRunRecord secondRun = lineage.run(second.runId()).orElseThrow();
        assertTrue(stage(secondRun, "evaluate-sft").cached(), "the SFT model's evaluation comes from the cache");
        assertEquals(
                stage(firstRun, "evaluate-sft").outputs(),
                stage(secondRun, "evaluate-sft").outputs());
        for (String key : List.of("label-snapshot", "reward", "sft-labels", "evaluate-new")) {
            assertFalse(stage(secondRun, key).cached(), key + " reads the new labels and runs again");
        }
        assertNotEquals(
                stage(firstRun, "label-snapshot").outputs(),
                stage(secondRun, "label-snapshot").outputs(),
                "the snapshot holds the new labels");
        assertPromotionOfTheRunsNewModel(second, secondRun);
        assertNotEquals(first.promotionId(), second.promotionId());

        // Nothing new since: skipped with a count of 0. Paused: not even recorded.
        assertEquals(RetrainFiring.SKIPPED, fire(name, name + "-4"));
        assertEquals(0, schedules.firing(name + "-4").orElseThrow().newLabels());
        schedules.setPaused(name, true);
        assertEquals(RetrainActivitiesImpl.PAUSED, fire(name, name + "-5"));
        assertTrue(schedules.firing(name + "-5").isEmpty());
        assertEquals(
                List.of(name + "-4", name + "-3b", name + "-3", name + "-2", name + "-1"),
                schedules.firings(name, 10).stream()
                        .map(RetrainFiring::firingId)
                        .toList());
    }

    @Test
    void aRunThatRegistersNoModelFailsTheFiringAndKeepsTheWatermark() throws Exception {
        String name = "retrain-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineSpec snapshotOnly = new PipelineSpec(
                "snapshot-only",
                List.of(new StageSpec("label-snapshot", Map.of("projects", List.of(project)), Map.of())));
        schedules.create(name, 3600, 1, Json.MAPPER.writeValueAsString(snapshotOnly), "workflow");
        label(ana, 0, 1);
        assertEquals(RetrainFiring.FAILED, fire(name, name + "-1"));
        RetrainFiring failed = schedules.firing(name + "-1").orElseThrow();
        assertTrue(failed.message().contains("evaluated no model, so there is nothing to promote"), failed.message());
        assertNotNull(failed.finishedAt());
        assertNull(schedules.get(name).orElseThrow().watermark(), "a failed retrain leaves the labels to count again");
        // The next firing counts them again.
        assertEquals(RetrainFiring.FAILED, fire(name, name + "-2"));
        assertEquals(1, schedules.firing(name + "-2").orElseThrow().newLabels());
    }

    @Test
    void aRetrainThatEvaluatesNoNewModelSucceedsWithoutAPromotion() throws Exception {
        String name = "retrain-" + UUID.randomUUID().toString().substring(0, 8);
        // The model evaluated is not one the retrain trained, as when PPO keeps its starting model.
        PipelineSpec fixedModel = new PipelineSpec(
                "fixed-model",
                List.of(
                        new StageSpec("label-snapshot", Map.of("projects", List.of(project)), Map.of()),
                        new StageSpec(
                                "evaluate",
                                Map.of("max_items", 1, "max_tokens", 3),
                                Map.of("model", chat, "tokenizer", tokenizer, "heldout", heldout))));
        schedules.create(name, 3600, 1, Json.MAPPER.writeValueAsString(fixedModel), "workflow");
        Instant watermark = label(ana, 0, 1);
        assertEquals(RetrainFiring.SUCCEEDED, fire(name, name + "-1"));
        RetrainFiring firing = schedules.firing(name + "-1").orElseThrow();
        assertNull(firing.promotionId());
        assertTrue(firing.message().startsWith("no new model version to promote"), firing.message());
        assertEquals(watermark, schedules.get(name).orElseThrow().watermark(), "the labels were trained on");
        assertTrue(lineage.modelRegistry().registeredByRun(firing.runId()).isEmpty());
    }

    private void assertPromotionOfTheRunsNewModel(RetrainFiring firing, PipelineRunRecord run) {
        assertEquals(RetrainFiring.SUCCEEDED, firing.status());
        assertNotNull(firing.promotionId());
        String card = stage(run, "evaluate-new").outputs().stream()
                .filter(a -> ReportCard.KIND.equals(a.kind()))
                .findFirst()
                .orElseThrow()
                .digest();
        ModelVersion version = lineage.modelRegistry().byReportCard(card).get(0);
        assertEquals("chat", version.checkpointKind());
        assertEquals(run.id(), version.pipelineRunId());
        Promotion promotion = awaitPromotion(firing.promotionId());
        assertEquals(version.model(), promotion.model());
        assertEquals(version.version(), promotion.version());
        assertTrue(
                Set.of(Promotion.AWAITING_APPROVAL, Promotion.REFUSED).contains(promotion.status()),
                "the gate has judged it: " + promotion.status());
    }

    private static Promotion awaitPromotion(String id) {
        for (int i = 0; i < 600; i++) {
            var p = lineage.modelRegistry().promotion(id);
            if (p.isPresent() && !"gating".equals(p.get().status())) return p.get();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("promotion " + id + " was never gated: "
                + lineage.modelRegistry().promotion(id));
    }
}
