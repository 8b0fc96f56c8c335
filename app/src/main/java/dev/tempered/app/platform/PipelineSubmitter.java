package dev.tempered.app.platform;

import dev.tempered.activities.stage.ClientParam;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.StageSpec;
import dev.tempered.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a checked pipeline file into a running pipeline: uploads local sources, then starts the workflow. */
public final class PipelineSubmitter {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PipelineSubmitter() {}

    /** Returns the run id (also the workflow id). */
    public static String submit(Platform platform, PipelineFile file, boolean noCache) throws IOException {
        PipelineSpec spec = resolveClientParams(platform, file);
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        String runId = spec.name() + "-" + LocalDateTime.now().format(RUN_TIME) + "-"
                + HexFormat.of().formatHex(suffix);
        PipelineWorkflow workflow = platform.client()
                .newWorkflowStub(
                        PipelineWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(runId)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build());
        WorkflowClient.start(workflow::run, new PipelineRequest(runId, spec, noCache));
        return runId;
    }

    /**
     * Replaces client-side params (local paths) by the input artifacts they become, as each stage's
     * definition says; a stage whose inputs already name that input needs no client param.
     */
    public static PipelineSpec resolveClientParams(Platform platform, PipelineFile file) throws IOException {
        Path base = file.file().toAbsolutePath().getParent();
        String where = file.file().getFileName().toString();
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < file.spec().stages().size(); i++) {
            StageSpec stage = file.spec().stages().get(i);
            Map<String, Object> client = file.clientParams().getOrDefault(i, Map.of());
            Map<String, String> inputs = new LinkedHashMap<>(stage.inputs());
            StageDefinition definition = StageRegistry.get(stage.stage(), where + ": stages[" + i + "].stage");
            for (ClientParam param : definition.clientParams()) {
                if (inputs.containsKey(param.input())) continue;
                String field =
                        where + ": stages[" + i + "].params." + param.spec().name();
                inputs.putAll(param.resolver()
                        .resolve(
                                platform.publisher(),
                                base,
                                client.get(param.spec().name()),
                                field));
            }
            stages.add(new StageSpec(stage.stage(), stage.params(), inputs, stage.id()));
        }
        return new PipelineSpec(file.spec().name(), stages);
    }
}
