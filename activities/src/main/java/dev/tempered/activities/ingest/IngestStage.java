package dev.tempered.activities.ingest;

import dev.tempered.activities.stage.ClientParam;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.ParamSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import dev.tempered.storage.ArtifactPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stage {@code ingest}: WARC files and HTML directories → sharded raw pages plus a manifest. */
public final class IngestStage {
    /** Client-side parameter: files and directories the submitter uploads as the {@code sources} input. */
    public static final String SOURCES_PARAM = "sources";

    public static final StageDefinition DEFINITION = StageDefinition.builder("ingest", 1)
            .description("Read WARC files and directories of HTML files into sharded raw pages plus a manifest.")
            .params(IngestStageParams.class)
            .clientParam(new ClientParam(
                    ParamSpec.stringList(
                            SOURCES_PARAM,
                            List.of(),
                            "WARC files (.warc, .warc.gz) and directories of .html/.htm files, relative to the pipeline file."),
                    IngestActivitiesImpl.SOURCES_INPUT,
                    IngestStage::uploadSources))
            .input(InputSpec.required(
                    IngestActivitiesImpl.SOURCES_INPUT,
                    SourceManifest.KIND,
                    "The source files, uploaded by the submitter from the sources param."))
            .output(IngestManifest.KIND)
            .queue(QueueKind.CPU)
            .timeouts(new StageTimeouts(
                    // A large crawl takes hours; the heartbeat, not this, detects a dead worker.
                    Duration.ofHours(12),
                    // Ingest heartbeats at least every few seconds; 20 s without one means the worker
                    // is gone and the retry resumes from the last finished shard.
                    Duration.ofSeconds(20),
                    // Failures that remain are transient (storage, a killed worker): a few tries.
                    5))
            .activity(IngestActivities.class, "ingest", services -> new IngestActivitiesImpl(services.publisher()))
            .build();

    private IngestStage() {}

    /**
     * Uploads every source as a {@code source-file} under a {@code source-manifest}. Each file also
     * becomes an input edge ({@code source-00000}, …), so lineage leads from raw pages to the very
     * WARC files; ingest itself reads only the manifest.
     */
    private static Map<String, String> uploadSources(ArtifactPublisher publisher, Path base, Object raw, String field)
            throws IOException {
        if (!(raw instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(o -> o instanceof String)) {
            throw new IllegalArgumentException(field + ": required, a list of WARC files or HTML directories");
        }
        List<String> sources = list.stream().map(String.class::cast).toList();
        SourceImporter.Imported imported = new SourceImporter(publisher).importSources(base, sources, field);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(IngestActivitiesImpl.SOURCES_INPUT, imported.digest());
        List<SourceManifest.Entry> entries = imported.manifest().entries();
        for (int f = 0; f < entries.size(); f++)
            inputs.put(String.format("source-%05d", f), entries.get(f).digest());
        return inputs;
    }
}
