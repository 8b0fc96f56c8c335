package dev.tempered.app.label;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.chat.tasks.ChatTasks;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.workflows.LabelWorkflow;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The label stage's request of the durability tests: the activities tests' tiny GPT (as the chat
 * model) and its tokenizer, published into the platform's store, and arithmetic prompts; two
 * responses per prompt, each task assigned to two of the named labelers, a poll every second.
 */
public final class LabelKillRequest {
    public static final int OVERLAP = 2;

    private LabelKillRequest() {}

    public static StageRequest of(ArtifactPublisher publisher, List<String> labelers, int prompts, Path work)
            throws Exception {
        TinyBase tiny = TinyBase.get();
        String model = publisher
                .publish(
                        tiny.publisher.store().readAllBytes(tiny.base),
                        "checkpoint",
                        "application/octet-stream",
                        Map.of())
                .digest();
        String tokenizer = TokenizerArtifacts.publish(
                        publisher, tiny.spec, Files.createDirectories(work.resolve("tokenizer")), Map.of())
                .digest();
        List<Conversation> items = new ArrayList<>();
        for (int i = 0; i < prompts; i++) items.add(ChatTasks.get("arithmetic").item(7, i));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConversationFile.write(items, bytes);
        String promptsDigest = publisher
                .publish(bytes.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
        Map<String, Object> raw = new HashMap<>();
        raw.put("prompts", prompts);
        raw.put("responses", 2);
        raw.put("overlap", OVERLAP);
        raw.put("labelers", labelers);
        raw.put("poll_seconds", 1);
        raw.put("max_tokens", 8);
        Map<String, Object> params = StageRegistry.get("label", "test").normalize(raw, "test.params");
        return new StageRequest(null, Map.of("model", model, "tokenizer", tokenizer, "prompts", promptsDigest), params);
    }

    /** Starts the label workflow of {@code project} (its id is the project's) without waiting for it. */
    public static void start(WorkflowClient client, String project, StageRequest request) {
        WorkflowClient.start(
                client.newWorkflowStub(
                        LabelWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(project)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())::label,
                request);
    }
}
