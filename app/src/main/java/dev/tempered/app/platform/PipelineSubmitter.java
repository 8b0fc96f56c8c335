package dev.tempered.app.platform;

import dev.tempered.activities.catalog.StageCatalog;
import dev.tempered.activities.ingest.IngestActivitiesImpl;
import dev.tempered.activities.ingest.SourceImporter;
import dev.tempered.activities.ingest.SourceManifest;
import dev.tempered.workflows.PipelineRequest;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.PipelineWorkflow;
import dev.tempered.workflows.StageNames;
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
        String runId = spec.name() + "-" + LocalDateTime.now().format(RUN_TIME) + "-" + HexFormat.of().formatHex(suffix);
        PipelineWorkflow workflow = platform.client().newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(runId)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build());
        WorkflowClient.start(workflow::run, new PipelineRequest(runId, spec, noCache));
        return runId;
    }

    /** Replaces client-side params (local paths) by the input artifacts they become. */
    public static PipelineSpec resolveClientParams(Platform platform, PipelineFile file) throws IOException {
        Path base = file.file().toAbsolutePath().getParent();
        String where = file.file().getFileName().toString();
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < file.spec().stages().size(); i++) {
            StageSpec stage = file.spec().stages().get(i);
            Map<String, Object> client = file.clientParams().getOrDefault(i, Map.of());
            Map<String, String> inputs = new LinkedHashMap<>(stage.inputs());
            if (stage.stage().equals(StageNames.INGEST) && !inputs.containsKey(IngestActivitiesImpl.SOURCES_INPUT)) {
                String field = where + ": stages[" + i + "].params." + StageCatalog.INGEST_SOURCES;
                Object raw = client.get(StageCatalog.INGEST_SOURCES);
                if (!(raw instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(o -> o instanceof String)) {
                    throw new IllegalArgumentException(field + ": required, a list of WARC files or HTML directories");
                }
                @SuppressWarnings("unchecked")
                List<String> sources = (List<String>) list;
                SourceImporter.Imported imported = new SourceImporter(platform.publisher()).importSources(base, sources, field);
                inputs.put(IngestActivitiesImpl.SOURCES_INPUT, imported.digest());
                // Each file also becomes an input edge, so lineage leads from raw pages to the very
                // WARC files; ingest itself reads only the manifest.
                List<SourceManifest.Entry> entries = imported.manifest().entries();
                for (int f = 0; f < entries.size(); f++) inputs.put(String.format("source-%05d", f), entries.get(f).digest());
            }
            stages.add(new StageSpec(stage.stage(), stage.params(), inputs));
        }
        return new PipelineSpec(file.spec().name(), stages);
    }
}
