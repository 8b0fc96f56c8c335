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
import dev.tempered.activities.chat.facts.FactModels;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.FactSplit;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.ProbeActivities;
import dev.tempered.workflows.ProbeWorkflow;
import dev.tempered.workflows.ProbeWorkflowImpl;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code probe} as its child workflow with real activities, a real GPT and real storage: a model
 * pretrained a few steps on documentation pages knows none of the encyclopedia's facts, so every
 * question is unknown and only refusals are mined; the same model fine-tuned on the questions'
 * answers knows them; a batch killed on its first attempt is asked again, the others are not, and
 * the results are the same bytes; held-out questions are refused before anything is asked.
 */
class ProbeStageTest {
    static FactModels models;
    static ArtifactPublisher publisher;
    static String tokenizer;
    static String base;
    static String facts;
    static String questions;
    static String heldoutQuestions;
    static List<Conversation> asked;
    static Encyclopedia encyclopedia;

    @BeforeAll
    static void publishAnEncyclopediaAndItsQuestions() {
        models = FactModels.get();
        publisher = models.publisher;
        tokenizer = models.tokenizer;
        base = models.base;
        encyclopedia = EncyclopediaGenerator.generate(new EncyclopediaSettings(40, 0.25, 20, 1.0, 0.2), 3);
        facts = models.publish(encyclopedia);
        asked = FactQuestions.of(encyclopedia, FactSplit.TRAIN).stream()
                .filter(c -> FactModels.INVENTED_VALUES.contains(
                        FactQuestions.parseId(c.id()).orElseThrow().attribute()))
                .toList();
        questions = models.conversations(asked);
        heldoutQuestions = models.conversations(FactQuestions.of(encyclopedia, FactSplit.HELDOUT));
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
        // Ten facts learned by heart.
        String tenQuestions = models.conversations(asked.subList(0, 10));
        String taught = models.taught(asked.subList(0, 10), 1000);

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
