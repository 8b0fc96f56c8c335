package dev.tempered.activities.chat.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.facts.Encyclopedia;
import dev.tempered.activities.chat.facts.Entity;
import dev.tempered.activities.chat.facts.FactQuestions;
import dev.tempered.activities.chat.facts.FactSplit;
import dev.tempered.activities.chat.tasks.ChatTasks;
import dev.tempered.activities.chat.tasks.HeldOutSplit;
import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.activities.stage.StageServices;
import dev.tempered.activities.tokenizer.stage.TextCorpus;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.PipelineWorkflowImpl;
import dev.tempered.workflows.StageSpec;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code synthesize} through the pipeline workflow on Temporal's test server with real storage
 * (embedded PostgreSQL and S3): the stage's registered implementation writes the {@code train} and
 * {@code heldout} conversation files, both valid line for line, split by hash, with the counts in
 * the summary and the generator versions in the artifacts' metadata; a second run with the same
 * params is served from the cache.
 */
class SynthesizeStageTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    private static final Map<String, Object> PARAMS = Map.of(
            "arithmetic", 400, "spelling", 400, "identity", 60, "dialogs", 0, "heldout_fraction", 0.15, "seed", 3);

    @Test
    @SuppressWarnings("unchecked")
    void writesTrainAndHeldOutConversationsAndIsCachedOnTheSecondRun(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        S3ArtifactStore store = start(env, "synthesize-stage");

        StageRunRecord first = run(client, lineage);
        assertEquals(StageStatus.SUCCEEDED, first.status(), first.error());
        assertEquals(SynthesizeStage.VERSION, first.stageVersion());
        Map<String, String> outputs =
                first.outputs().stream().collect(Collectors.toMap(ArtifactRef::name, ArtifactRef::digest));
        assertEquals(java.util.Set.of("train", "heldout"), outputs.keySet());

        List<Conversation> train = read(store, outputs.get("train"));
        List<Conversation> heldout = read(store, outputs.get("heldout"));
        Map<String, Object> summary = first.summary();
        assertEquals(train.size(), ((Number) summary.get("train")).intValue());
        assertEquals(heldout.size(), ((Number) summary.get("heldout")).intValue());
        assertEquals(400 + 400 + 60 + 898, train.size() + heldout.size(), "every task reached its count");
        Map<String, Map<String, Object>> tasks = (Map<String, Map<String, Object>>) summary.get("tasks");
        assertEquals(java.util.Set.copyOf(ChatTasks.NAMES), tasks.keySet());
        for (String task : ChatTasks.NAMES) {
            long inTrain = train.stream().filter(c -> c.task().equals(task)).count();
            long inHeldout = heldout.stream().filter(c -> c.task().equals(task)).count();
            assertEquals(inTrain, ((Number) tasks.get(task).get("train")).longValue(), task);
            assertEquals(inHeldout, ((Number) tasks.get(task).get("heldout")).longValue(), task);
            assertTrue(
                    inHeldout > 0 && inHeldout < inTrain / 2,
                    task + ": " + inHeldout + " held out of " + (inTrain + inHeldout));
        }
        var byName = ChatTasks.byName();
        for (Conversation c : heldout) {
            assertTrue(HeldOutSplit.isHeldOut(byName.get(c.task()).splitKey(c), 0.15), c.id());
        }
        for (Conversation c : train) {
            assertTrue(!HeldOutSplit.isHeldOut(byName.get(c.task()).splitKey(c), 0.15), c.id());
        }

        ArtifactRecord trainArtifact = lineage.artifact(outputs.get("train")).orElseThrow();
        assertEquals(ConversationFile.KIND, trainArtifact.kind());
        assertEquals("train", trainArtifact.metadata().get("split"));
        assertEquals(train.size(), ((Number) trainArtifact.metadata().get("conversations")).intValue());
        Map<String, Map<String, Object>> versions =
                (Map<String, Map<String, Object>>) trainArtifact.metadata().get("tasks");
        assertEquals(1, ((Number) versions.get("arithmetic").get("version")).intValue());
        ArtifactRecord heldoutArtifact =
                lineage.artifact(outputs.get("heldout")).orElseThrow();
        assertEquals(ConversationFile.KIND, heldoutArtifact.kind());
        assertEquals("heldout", heldoutArtifact.metadata().get("split"));

        StageRunRecord second = run(client, lineage);
        assertTrue(second.cached(), "the same params and versions reuse the first run");
        assertEquals(first.id(), second.cachedFrom());
        assertEquals(first.outputs(), second.outputs());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFactTaskWritesTheEncyclopediaItsTextAndItsQuestionsSplitByEntity(
            TestWorkflowEnvironment env, WorkflowClient client) throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        S3ArtifactStore store = start(env, "synthesize-facts");

        StageRunRecord run = run(
                client,
                lineage,
                Map.of(
                        "arithmetic",
                        50,
                        "spelling",
                        50,
                        "identity",
                        10,
                        "tasks",
                        List.of("arithmetic", "spelling", "identity"),
                        "facts",
                        90,
                        "fact_max_mentions",
                        30,
                        "seed",
                        5));
        assertEquals(StageStatus.SUCCEEDED, run.status(), run.error());
        Map<String, String> outputs =
                run.outputs().stream().collect(Collectors.toMap(ArtifactRef::name, ArtifactRef::digest));
        assertEquals(java.util.Set.of("train", "heldout", "probe", "facts", "facts_text"), outputs.keySet());

        Encyclopedia e = Encyclopedia.read(store.readAllBytes(outputs.get("facts")), "facts");
        assertEquals(90, e.entities().size());
        Map<String, Entity> entities = e.index();
        List<Conversation> train = read(store, outputs.get("train"));
        List<Conversation> heldout = read(store, outputs.get("heldout"));
        List<Conversation> probe = read(store, outputs.get("probe"));
        List<Conversation> trainFacts =
                train.stream().filter(c -> c.task().equals(FactQuestions.TASK)).toList();
        assertEquals(
                trainFacts.stream().map(Conversation::id).sorted().toList(),
                probe.stream().map(Conversation::id).sorted().toList(),
                "probe asks exactly the training split's fact questions");
        for (Conversation c : trainFacts) {
            assertEquals(
                    FactSplit.TRAIN,
                    entities.get(FactQuestions.parseId(c.id()).orElseThrow().entityId())
                            .split());
        }
        List<Conversation> heldoutFacts = heldout.stream()
                .filter(c -> c.task().equals(FactQuestions.TASK))
                .toList();
        assertTrue(!heldoutFacts.isEmpty());
        for (Conversation c : heldoutFacts) {
            assertEquals(
                    FactSplit.HELDOUT,
                    entities.get(FactQuestions.parseId(c.id()).orElseThrow().entityId())
                            .split());
        }
        assertEquals(90 * 3, trainFacts.size() + heldoutFacts.size());

        // The prose is a text manifest tokenize reads, one document per mention.
        TextCorpus corpus = new TextCorpus(store, outputs.get("facts_text"));
        int documents = 0;
        for (var it = corpus.documents(); it.hasNext(); it.next()) documents++;
        assertEquals(e.entities().stream().mapToInt(Entity::mentions).sum(), documents);
        Map<String, Object> facts = (Map<String, Object>) run.summary().get("facts");
        assertEquals(documents, ((Number) facts.get("documents")).intValue());
        assertEquals(trainFacts.size(), ((Number) facts.get("train_questions")).intValue());
    }

    /** Workers for the pipeline workflow and the stage on real storage in a store of its own. */
    private static S3ArtifactStore start(TestWorkflowEnvironment env, String storeName) {
        LineageStore lineage = StorageFixture.get().lineage();
        S3ArtifactStore store = StorageFixture.get().newArtifactStore(storeName);
        Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
        workflows.registerActivitiesImplementations(new LineageActivitiesImpl(lineage, store));
        env.newWorker(TaskQueues.CPU)
                .registerActivitiesImplementations(SynthesizeStage.DEFINITION
                        .implementation()
                        .apply(new StageServices(new ArtifactPublisher(store, lineage))));
        env.start();
        return store;
    }

    private static StageRunRecord run(WorkflowClient client, LineageStore lineage) {
        return run(client, lineage, PARAMS);
    }

    private static StageRunRecord run(WorkflowClient client, LineageStore lineage, Map<String, Object> params) {
        String runId = "synthesize-" + UUID.randomUUID();
        PipelineSpec spec = new PipelineSpec("synthesize-test", List.of(new StageSpec("synthesize", params, Map.of())));
        client.newWorkflowStub(
                        PipelineWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(runId)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                .run(new PipelineRequest(runId, spec, false));
        return lineage.run(runId).orElseThrow().stages().get(0);
    }

    private static List<Conversation> read(S3ArtifactStore store, String digest) throws Exception {
        List<Conversation> out = new ArrayList<>();
        ConversationFile.ReadReport report;
        try (InputStream in = store.open(digest)) {
            report = ConversationFile.read(in, digest, ConversationValidator.defaults(), out::add);
        }
        assertEquals(0, report.invalid(), report.examples().toString());
        return out;
    }
}
