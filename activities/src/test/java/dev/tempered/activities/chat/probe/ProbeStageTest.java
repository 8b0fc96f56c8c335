package dev.tempered.activities.chat.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.chat.facts.EncyclopediaGenerator;
import dev.tempered.activities.chat.facts.EncyclopediaSettings;
import dev.tempered.activities.chat.facts.Entity;
import dev.tempered.activities.chat.facts.FactJudge;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.FactSplit;
import dev.tempered.activities.chat.sft.SftFixtures;
import dev.tempered.activities.chat.sft.stage.SftActivities;
import dev.tempered.activities.chat.sft.stage.SftActivitiesImpl;
import dev.tempered.activities.model.stage.PretrainActivities;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
import dev.tempered.activities.model.stage.TestTokenManifests;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.ProbeActivities;
import dev.tempered.workflows.ProbeWorkflow;
import dev.tempered.workflows.ProbeWorkflowImpl;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probe} as its child workflow with real activities, a real GPT and real storage: a model
 * pretrained a few steps on documentation pages knows none of the encyclopedia's facts, so every
 * question is unknown and only refusals are mined; the same model fine-tuned on the questions'
 * answers knows them; a batch killed on its first attempt is asked again, the others are not, and
 * the results are the same bytes; held-out questions are refused before anything is asked.
 */
class ProbeStageTest {
    /** Attributes whose values are invented words, so that no guess from web text can be right by chance. */
    static final Set<String> INVENTED_VALUES = Set.of("birthplace", "country", "river", "maker");

    @TempDir
    static Path work;

    static ArtifactPublisher publisher;
    static String tokenizer;
    static String base;
    static String facts;
    static String questions;
    static String heldoutQuestions;
    static List<Conversation> asked;
    static Encyclopedia encyclopedia;

    @BeforeAll
    static void pretrainAModelThatKnowsNoFacts() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        publisher = new ArtifactPublisher(fixture.newArtifactStore("probe-stage"), fixture.lineage());
        TokenizerSpec spec = SftFixtures.tokenizer(1024);
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

        encyclopedia = EncyclopediaGenerator.generate(new EncyclopediaSettings(40, 0.25, 20, 1.0, 0.2), 3);
        facts = publisher
                .publish(encyclopedia.toJson(), Encyclopedia.KIND, Encyclopedia.MEDIA_TYPE, Map.of())
                .digest();
        asked = FactQuestions.of(encyclopedia, FactSplit.TRAIN).stream()
                .filter(c -> INVENTED_VALUES.contains(
                        FactQuestions.parseId(c.id()).orElseThrow().attribute()))
                .toList();
        questions = conversations(asked);
        heldoutQuestions = conversations(FactQuestions.of(encyclopedia, FactSplit.HELDOUT));
    }

    @Test
    void aModelThatKnowsNothingHasOnlyUnknownQuestionsAndMinesOnlyRefusals() throws Exception {
        Probe probe = probe(base, questions, new ProbeActivitiesImpl(publisher));
        ProbeResults results = probe.results();

        assertEquals(asked.size(), results.counts().questions());
        assertTrue(asked.size() >= 12, "enough questions to mean something: " + asked.size());
        assertEquals(asked.size(), results.counts().unknown(), results.counts().toString());
        assertEquals(asked.size(), results.counts().minedRefusals());
        assertEquals(0, results.counts().minedAnswers());
        for (ProbeResults.Item item : results.items()) {
            assertEquals(3, item.answers().size());
            assertEquals(0, item.correct(), item.toString());
        }
        List<Conversation> mined = probe.mined();
        assertEquals(asked.size(), mined.size());
        FactJudge judge = new FactJudge();
        for (Conversation c : mined)
            assertTrue(judge.isRefusal(c.last().text()), c.last().text());
        assertMinesNoHeldOutEntity(mined);
        assertEquals(
                probe.result().primary(),
                probe.result().outputs().stream()
                        .filter(o -> o.name().equals("conversations"))
                        .findFirst()
                        .orElseThrow()
                        .digest());
    }

    @Test
    void aModelFineTunedOnTheFactsKnowsThemAndMinesTheirAnswers() throws Exception {
        // Ten facts learned by heart: a 64-wide model needs many passes over invented names.
        List<Conversation> ten = asked.subList(0, 10);
        String tenQuestions = conversations(ten);
        Map<String, Object> sft = StageRegistry.get("sft", "test")
                .normalize(
                        Map.of(
                                "steps",
                                600,
                                "batch_size",
                                8,
                                "warmup_steps",
                                10,
                                "learning_rate",
                                5e-3,
                                "checkpoint_every",
                                600,
                                "eval_every",
                                600,
                                "eval_fraction",
                                0.0),
                        "test.params");
        String taught = activity(new SftActivitiesImpl(publisher), SftActivities.class)
                .sft(new StageRequest(
                        null, Map.of("model", base, "conversations", tenQuestions, "tokenizer", tokenizer), sft))
                .primary();

        ProbeResults results =
                probe(taught, tenQuestions, new ProbeActivitiesImpl(publisher)).results();

        int known = results.counts().known();
        assertTrue(
                known >= 8,
                "known " + known + " of 10: " + results.counts() + "; first: "
                        + results.items().subList(0, 3));
        assertEquals(known, results.counts().minedAnswers());
        for (ProbeResults.Item item : results.items()) {
            if (item.classification() == ProbeResults.Classification.KNOWN) {
                assertTrue(item.minedReply().contains(item.reference()), item.toString());
            }
        }
    }

    @Test
    void aBatchKilledOnItsFirstAttemptIsAskedAgainAloneAndGivesTheSameResults() throws Exception {
        String clean =
                probe(base, questions, new ProbeActivitiesImpl(publisher)).resultsDigest();
        KillsOneBatch flaky = new KillsOneBatch(new ProbeActivitiesImpl(publisher), 1);

        Probe resumed = probe(base, questions, flaky);

        assertEquals(clean, resumed.resultsDigest());
        int batches = (asked.size() + BATCH - 1) / BATCH;
        assertTrue(batches >= 3, "several batches: " + batches);
        for (int b = 0; b < batches; b++) {
            assertEquals(b == 1 ? 2 : 1, flaky.calls.get(b).get(), "attempts of batch " + b);
        }
    }

    @Test
    void heldOutQuestionsAreRefusedBeforeAnythingIsAsked() {
        KillsOneBatch counting = new KillsOneBatch(new ProbeActivitiesImpl(publisher), -1);
        WorkflowFailedException e =
                assertThrows(WorkflowFailedException.class, () -> probe(base, heldoutQuestions, counting));
        String message = rootMessage(e);
        assertTrue(
                message.contains("a held-out entity: probing it would put evaluation questions into training"),
                message);
        assertTrue(counting.calls.isEmpty(), "no batch ran");
    }

    // ---- helpers

    static final int BATCH = 5;

    record Probe(StageResult result, ProbeResults results, String resultsDigest, List<Conversation> mined) {}

    static Probe probe(String model, String questionsDigest, ProbeActivities activities) throws Exception {
        Map<String, Object> params = StageRegistry.get("probe", "test")
                .normalize(
                        Map.of("samples", 3, "min_correct", 2, "batch_size", BATCH, "max_tokens", 40), "test.params");
        StageRequest request = new StageRequest(
                null,
                Map.of("model", model, "tokenizer", tokenizer, "questions", questionsDigest, "facts", facts),
                params);
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        try {
            env.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(ProbeWorkflowImpl.class);
            env.newWorker(TaskQueues.MODEL).registerActivitiesImplementations(activities);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            StageResult result = client.newWorkflowStub(
                            ProbeWorkflow.class,
                            WorkflowOptions.newBuilder()
                                    .setWorkflowId("probe-" + UUID.randomUUID())
                                    .setTaskQueue(TaskQueues.WORKFLOWS)
                                    .build())
                    .probe(request);
            Map<String, String> out = new HashMap<>();
            for (OutputRef o : result.outputs()) out.put(o.name(), o.digest());
            String resultsDigest = out.get("probe-results");
            ProbeResults results =
                    Json.MAPPER.readValue(publisher.store().readAllBytes(resultsDigest), ProbeResults.class);
            List<Conversation> mined = new ArrayList<>();
            try (InputStream in = publisher.store().open(out.get("conversations"))) {
                ConversationFile.read(in, "mined", ConversationValidator.defaults(), mined::add);
            }
            return new Probe(result, results, resultsDigest, mined);
        } finally {
            env.close();
        }
    }

    static void assertMinesNoHeldOutEntity(List<Conversation> mined) {
        for (Entity e : encyclopedia.entities()) {
            if (e.split() != FactSplit.HELDOUT) continue;
            for (Conversation c : mined) {
                assertTrue(!c.messages().get(0).text().contains(e.name()), e.name() + " is held out: " + c);
            }
        }
    }

    static String conversations(List<Conversation> list) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConversationFile.write(list, bytes);
        return publisher
                .publish(bytes.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
    }

    static <T> T activity(Object implementation, Class<T> type) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(implementation);
        return env.newActivityStub(
                type,
                ActivityOptions.newBuilder()
                        .setHeartbeatTimeout(Duration.ofSeconds(60))
                        .setStartToCloseTimeout(Duration.ofMinutes(10))
                        .build());
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    /** The real activities, with batch {@code killed} failing on its first attempt as a killed worker would. */
    static final class KillsOneBatch implements ProbeActivities {
        final ProbeActivities real;
        final int killed;
        final Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();

        KillsOneBatch(ProbeActivities real, int killed) {
            this.real = real;
            this.killed = killed;
        }

        @Override
        public ProbePlan planProbe(StageRequest request) {
            return real.planProbe(request);
        }

        @Override
        public String probeBatch(BatchRequest request) {
            int attempt = calls.computeIfAbsent(request.batch(), b -> new AtomicInteger())
                    .incrementAndGet();
            if (request.batch() == killed && attempt == 1) {
                throw new IllegalStateException("worker killed while asking batch " + killed);
            }
            return real.probeBatch(request);
        }

        @Override
        public StageResult finishProbe(FinishRequest request) {
            return real.finishProbe(request);
        }
    }
}
