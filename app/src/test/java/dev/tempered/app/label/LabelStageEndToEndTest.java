package dev.tempered.app.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationJson;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.label.LabelActivitiesImpl;
import dev.tempered.activities.chat.label.LabelApiLocation;
import dev.tempered.activities.chat.label.LabelSnapshot;
import dev.tempered.activities.chat.prefs.PreferenceFile;
import dev.tempered.activities.chat.prefs.PreferencePair;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.chat.tasks.ChatTasks;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.LabelTask;
import dev.tempered.storage.labels.StoredLabel;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.WebConfig;
import dev.tempered.workflows.LabelWorkflow;
import dev.tempered.workflows.LabelWorkflowImpl;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Stage {@code label} end to end: its child workflow with the real activities, a tiny GPT answering
 * arithmetic prompts through the engine, the real web server's label API, and three simulated
 * labelers logging in and submitting over HTTP; then the snapshot, checked against the database
 * label by label. Run again under the same id it finds its project and writes the same bytes.
 */
class LabelStageEndToEndTest {
    private static final int PROMPTS = 6;
    private static final int RESPONSES = 3;

    @Test
    void simulatedLabelersLabelThroughTheApiAndTheSnapshotHoldsEveryLabelOnce() throws Exception {
        TinyBase tiny = TinyBase.get();
        ArtifactPublisher publisher = tiny.publisher;
        List<Conversation> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) items.add(ChatTasks.get("arithmetic").item(7, i));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConversationFile.write(items, bytes);
        String prompts = publisher
                .publish(bytes.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();

        StorageFixture fixture = StorageFixture.get();
        LabelStore labels = new LabelStore(fixture.dataSource());
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        try (DashboardServer server =
                DashboardServer.start(WebConfig.anyFreePort(), fixture.lineage(), publisher.store())) {
            LabelApiLocation.publish(URI.create(server.url()));
            WorkflowClient client = env.getWorkflowClient();
            server.notifyLabelsWith(id -> client.newUntypedWorkflowStub(id).signal(LabelWorkflow.SUBMITTED_SIGNAL));
            env.newWorker(TaskQueues.WORKFLOWS).registerWorkflowImplementationTypes(LabelWorkflowImpl.class);
            env.newWorker(TaskQueues.MODEL).registerActivitiesImplementations(new LabelActivitiesImpl(publisher));
            env.start();

            Map<String, Object> params = StageRegistry.get("label", "test")
                    .normalize(
                            Map.of(
                                    "prompts", PROMPTS,
                                    "responses", RESPONSES,
                                    "overlap", 2,
                                    "simulated_labelers", 3,
                                    "simulation_noise", 0.3,
                                    "poll_seconds", 1,
                                    "max_tokens", 12),
                            "test.params");
            StageRequest request = new StageRequest(
                    null, Map.of("model", tiny.base, "tokenizer", tiny.tokenizer, "prompts", prompts), params);
            String projectId = "label-" + UUID.randomUUID();
            StageResult first = run(client, projectId, request);
            Map<String, String> out = new HashMap<>();
            for (OutputRef o : first.outputs()) out.put(o.name(), o.digest());
            assertEquals(Set.of("preferences", "demonstrations", "labeling-report"), out.keySet());
            assertEquals(out.get("preferences"), first.primary());

            List<LabelTask> tasks = labels.tasks(projectId);
            List<StoredLabel> stored = labels.labels(projectId);
            assertEquals(PROMPTS, tasks.size());
            assertTrue(tasks.stream().noneMatch(LabelTask::open), "every task reached its quorum");
            assertEquals(PROMPTS * 2, stored.size(), "two labels per task, none twice");
            Set<String> labelers = new HashSet<>();
            for (StoredLabel l : stored) labelers.add(l.labeler());
            assertEquals(Set.of("sim-1", "sim-2", "sim-3"), labelers);

            LabelSnapshot.Report report = Json.MAPPER.readValue(
                    publisher.store().readAllBytes(out.get("labeling-report")), LabelSnapshot.Report.class);
            assertEquals(stored.size(), report.labels());
            assertEquals(PROMPTS, report.tasksWithQuorum());

            List<PreferencePair> pairs;
            try (InputStream in = publisher.store().open(out.get("preferences"))) {
                pairs = PreferenceFile.readAll(in, "preferences", ConversationValidator.defaults());
            }
            // Every strictly ordered pair of every label, but those of identical replies, exactly once.
            Map<String, LabelTask> byId = new HashMap<>();
            for (LabelTask t : tasks) byId.put(t.id().toString(), t);
            int expected = 0;
            Set<String> expectedKeys = new HashSet<>();
            for (StoredLabel l : stored) {
                LabelTask t = byId.get(l.taskId().toString());
                int[] rank = new int[RESPONSES];
                for (int g = 0; g < l.ranking().size(); g++)
                    for (int r : l.ranking().get(g)) rank[r] = g + 1;
                for (int i = 0; i < RESPONSES; i++) {
                    for (int j = 0; j < RESPONSES; j++) {
                        if (rank[i] >= rank[j]) continue;
                        if (t.responses().get(i).equals(t.responses().get(j))) continue;
                        expected++;
                        expectedKeys.add(l.taskId() + "/" + l.labeler() + ":r" + i + ">r" + j);
                    }
                }
            }
            Set<String> keys = new HashSet<>();
            for (PreferencePair p : pairs) {
                assertTrue(
                        keys.add(p.group() + ":" + p.chosenResponse() + ">" + p.rejectedResponse()),
                        "pair twice: " + p.group());
                LabelTask t = byId.get(p.taskId());
                int c = Integer.parseInt(p.chosenResponse().substring(1));
                assertEquals(ConversationJson.parse(t.conversations().get(c)), p.chosen());
            }
            assertEquals(expected, pairs.size());
            assertEquals(expectedKeys, keys);
            assertEquals(expected, report.pairs());

            List<Conversation> demos = new ArrayList<>();
            try (InputStream in = publisher.store().open(out.get("demonstrations"))) {
                ConversationFile.read(in, "demonstrations", ConversationValidator.defaults(), demos::add);
            }
            long written = stored.stream().filter(l -> l.idealAnswer() != null).count();
            assertEquals(written, demos.size());
            assertEquals(written, report.demonstrations());

            // The same id again: the project exists (closed), nothing is generated or labeled anew,
            // and the snapshot is the same bytes.
            StageResult again = run(client, projectId, request);
            assertEquals(first.outputs(), again.outputs());
            assertEquals(stored.size(), labels.labels(projectId).size());
        } finally {
            env.close();
        }
    }

    private static StageResult run(WorkflowClient client, String id, StageRequest request) {
        return client.newWorkflowStub(
                        LabelWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(id)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                .label(request);
    }
}
