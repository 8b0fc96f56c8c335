package dev.tempered.activities.lineage.openlineage;

import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.CompositeConfig;
import io.openlineage.client.transports.CompositeTransport;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.TransportConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenLineage RunEvents for stage runs, built with the official Java client and sent through its
 * transports (a file of JSON Lines, an HTTP endpoint such as Marquez, or both).
 *
 * <p>A stage run is an OpenLineage run: its id is the stage run's UUID, its job is
 * {@code <pipeline>.<stage id>} in namespace {@value OpenLineageConfig#NAMESPACE}, and its parent
 * facet names the pipeline run (job {@code <pipeline>}, run id derived from the run's name, since
 * OpenLineage run ids are UUIDs). Datasets are artifacts: namespace
 * {@value OpenLineageConfig#NAMESPACE}, name {@code <kind>:<digest>}. START carries the inputs;
 * COMPLETE the inputs and outputs; FAIL (or ABORT for a cancelled run) the error. A cached stage
 * run gets START and COMPLETE at once, with the reused outputs.
 *
 * <p>The export never fails a stage: PostgreSQL is the system of record, so an unreachable
 * endpoint or a full disk is logged and the event is dropped.
 */
public final class OpenLineageStageEvents implements StageRunEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpenLineageStageEvents.class);

    /** Who wrote the events, as OpenLineage asks: a URI naming the producer and its version. */
    public static final URI PRODUCER = URI.create("urn:tempered:platform:0.1.0");

    private final LineageStore lineage;
    private final OpenLineageClient client;
    private final OpenLineage ol = new OpenLineage(PRODUCER);

    public OpenLineageStageEvents(LineageStore lineage, OpenLineageConfig config) {
        this.lineage = lineage;
        List<TransportConfig> sinks = new ArrayList<>();
        if (config.file() != null) {
            try {
                Files.createDirectories(config.file().toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder of OpenLineage file " + config.file(), e);
            }
            sinks.add(new FileConfig(config.file().toString()));
        }
        if (config.httpUrl() != null) {
            HttpConfig http = new HttpConfig();
            http.setUrl(config.httpUrl());
            // A lineage endpoint that does not answer in 5 s must not hold up the pipeline.
            http.setTimeoutInMillis(5_000);
            sinks.add(http);
        }
        if (sinks.isEmpty()) throw new IllegalArgumentException("OpenLineage export needs a file or an HTTP URL");
        // continueOnFailure: a dead HTTP endpoint must not keep events from the file.
        this.client = new OpenLineageClient(
                new CompositeTransport(CompositeConfig.createFromTransportConfigs(sinks, true, false)));
    }

    @Override
    public void started(UUID stageRunId, boolean cached) {
        emit(stageRunId, OpenLineage.RunEvent.EventType.START, null);
        if (cached) emit(stageRunId, OpenLineage.RunEvent.EventType.COMPLETE, null);
    }

    @Override
    public void completed(UUID stageRunId) {
        emit(stageRunId, OpenLineage.RunEvent.EventType.COMPLETE, null);
    }

    @Override
    public void failed(UUID stageRunId, boolean cancelled, String error) {
        emit(stageRunId, cancelled ? OpenLineage.RunEvent.EventType.ABORT : OpenLineage.RunEvent.EventType.FAIL, error);
    }

    private void emit(UUID stageRunId, OpenLineage.RunEvent.EventType type, String error) {
        try {
            StageRunRecord s = lineage.stageRun(stageRunId).orElse(null);
            if (s == null) {
                log.warn("OpenLineage: no stage run {} to report {}", stageRunId, type);
                return;
            }
            String pipeline = lineage.run(s.pipelineRunId())
                    .map(PipelineRunRecord::pipeline)
                    .orElse("pipeline");
            client.emit(event(s, pipeline, type, error));
        } catch (RuntimeException e) {
            log.warn("OpenLineage: {} of stage run {} not exported: {}", type, stageRunId, e.toString());
        }
    }

    /** The event for one transition of one stage run; public for the schema test. */
    public OpenLineage.RunEvent event(
            StageRunRecord s, String pipeline, OpenLineage.RunEvent.EventType type, String error) {
        boolean end = type != OpenLineage.RunEvent.EventType.START;
        Instant at = end && s.finished() != null ? s.finished() : end ? Instant.now() : s.started();
        OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder()
                .parent(ol.newParentRunFacetBuilder()
                        .run(ol.newParentRunFacetRunBuilder()
                                .runId(pipelineRunUuid(s.pipelineRunId()))
                                .build())
                        .job(ol.newParentRunFacetJobBuilder()
                                .namespace(OpenLineageConfig.NAMESPACE)
                                .name(pipeline)
                                .build())
                        .build());
        if (error != null) facets.errorMessage(ol.newErrorMessageRunFacet(error, "tempered", null));
        List<OpenLineage.InputDataset> inputs = s.inputs().stream()
                .map(a -> ol.newInputDatasetBuilder()
                        .namespace(OpenLineageConfig.NAMESPACE)
                        .name(datasetName(a))
                        .build())
                .toList();
        List<OpenLineage.OutputDataset> outputs = type == OpenLineage.RunEvent.EventType.COMPLETE
                ? s.outputs().stream()
                        .map(a -> ol.newOutputDatasetBuilder()
                                .namespace(OpenLineageConfig.NAMESPACE)
                                .name(datasetName(a))
                                .build())
                        .toList()
                : List.of();
        return ol.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
                .run(ol.newRun(s.id(), facets.build()))
                .job(ol.newJobBuilder()
                        .namespace(OpenLineageConfig.NAMESPACE)
                        .name(pipeline + "." + stageId(s))
                        .build())
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }

    /** {@code <kind>:<digest>}: an artifact is one immutable dataset version. */
    public static String datasetName(ArtifactRef a) {
        return a.kind() + ":" + a.digest();
    }

    /** Stage runs do not record the spec's stage id; the stage and its position tell them apart. */
    private static String stageId(StageRunRecord s) {
        return s.stage() + "-" + s.position();
    }

    /** OpenLineage run ids are UUIDs; a pipeline run's id is a name, so its UUID is derived from it. */
    public static UUID pipelineRunUuid(String pipelineRunId) {
        return UUID.nameUUIDFromBytes(("tempered pipeline run " + pipelineRunId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            log.warn("closing the OpenLineage client: {}", e.toString());
        }
    }
}
