package dev.tempered.activities.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tempered.activities.lineage.openlineage.OpenLineageConfig;
import dev.tempered.activities.lineage.openlineage.OpenLineageStageEvents;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.workflows.PipelineSpec;
import dev.tempered.workflows.StageSpec;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every stage run of a run, a cached rerun and a failed run becomes OpenLineage RunEvents in the
 * file sink: each line validates against the RunEvent schema and parses back with the official
 * client; each stage run has one START and one COMPLETE or FAIL, with its input and output
 * artifacts as datasets named {@code <kind>:<digest>} in namespace {@code tempered}.
 */
class OpenLineageExportTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    private static Schema schema;

    @BeforeAll
    static void storage() throws Exception {
        PipelineWorkflowTest.storage();
        try (InputStream in = OpenLineageExportTest.class.getResourceAsStream("/openlineage/runevent.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
    }

    private static List<Error> validate(String line) {
        return schema.validate(
                line, InputFormat.JSON, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
    }

    @Test
    void theSchemaRefusesAnEventWithoutARunIdOrWithABadTime() {
        assertTrue(
                !validate(
                                "{\"eventTime\":\"yesterday\",\"producer\":\"https://x\",\"schemaURL\":\"https://x\","
                                        + "\"run\":{\"runId\":\"not-a-uuid\"},\"job\":{\"namespace\":\"tempered\",\"name\":\"j\"}}")
                        .isEmpty(),
                "the schema is not vacuous");
    }

    @Test
    @Timeout(300)
    void everyStageRunOfARunACachedRunAndAFailedRunIsExported(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        Path file = Files.createTempDirectory("openlineage").resolve(OpenLineageConfig.FILE_NAME);
        try (OpenLineageStageEvents events =
                new OpenLineageStageEvents(PipelineWorkflowTest.lineageStore(), new OpenLineageConfig(file, null))) {
            PipelineWorkflowTest.startWorkers(env, events);
            PipelineSpec spec = PipelineWorkflowTest.ingestPipeline(PipelineWorkflowTest.importHtmlFixtures());
            String first = "ol-" + UUID.randomUUID();
            String second = "ol-cached-" + UUID.randomUUID();
            String failed = "ol-failed-" + UUID.randomUUID();
            PipelineWorkflowTest.run(client, spec, false, first);
            PipelineWorkflowTest.run(client, spec, false, second);
            // A gpu stage on these workers fails in its activity (no GPU), after its stage run began.
            PipelineSpec broken = new PipelineSpec(
                    "ol-broken",
                    List.of(
                            spec.stages().get(0),
                            new StageSpec(
                                    "pretrain",
                                    Map.of("device", "gpu", "steps", 1),
                                    Map.of("in", PipelineWorkflowTest.importHtmlFixtures()))));
            assertThrows(WorkflowFailedException.class, () -> PipelineWorkflowTest.run(client, broken, false, failed));

            List<String> lines = Files.readAllLines(file);
            Map<UUID, List<OpenLineage.RunEvent>> byRun = new HashMap<>();
            for (String line : lines) {
                List<Error> errors = validate(line);
                assertTrue(errors.isEmpty(), errors + " in " + line);
                OpenLineage.RunEvent e = OpenLineageClientUtils.runEventFromJson(line);
                byRun.computeIfAbsent(e.getRun().getRunId(), k -> new ArrayList<>())
                        .add(e);
            }

            for (String runId : List.of(first, second)) {
                PipelineRunRecord run =
                        PipelineWorkflowTest.lineageStore().run(runId).orElseThrow();
                assertEquals(2, run.stages().size());
                for (StageRunRecord s : run.stages()) {
                    List<OpenLineage.RunEvent> ofStage = byRun.get(s.id());
                    assertEquals(
                            List.of(OpenLineage.RunEvent.EventType.START, OpenLineage.RunEvent.EventType.COMPLETE),
                            ofStage.stream()
                                    .map(OpenLineage.RunEvent::getEventType)
                                    .toList(),
                            runId + " " + s.stage() + (s.cached() ? " (cached)" : ""));
                    OpenLineage.RunEvent complete = ofStage.get(1);
                    assertEquals("tempered", complete.getJob().getNamespace());
                    assertEquals(
                            "ingest-test." + s.stage() + "-" + s.position(),
                            complete.getJob().getName());
                    assertEquals(
                            s.outputs().stream()
                                    .map(OpenLineageStageEvents::datasetName)
                                    .sorted()
                                    .toList(),
                            complete.getOutputs().stream()
                                    .map(d -> d.getName())
                                    .sorted()
                                    .toList());
                    assertEquals(
                            s.inputs().stream()
                                    .map(OpenLineageStageEvents::datasetName)
                                    .sorted()
                                    .toList(),
                            complete.getInputs().stream()
                                    .map(d -> d.getName())
                                    .sorted()
                                    .toList());
                    assertEquals(
                            OpenLineageStageEvents.pipelineRunUuid(runId),
                            complete.getRun().getFacets().getParent().getRun().getRunId());
                }
            }
            StageRunRecord ingest = PipelineWorkflowTest.lineageStore()
                    .run(first)
                    .orElseThrow()
                    .stages()
                    .get(0);
            ArtifactRef manifest = ingest.outputs().stream()
                    .filter(o -> o.name().equals("manifest"))
                    .findFirst()
                    .orElseThrow();
            String kind = PipelineWorkflowTest.lineageStore()
                    .artifact(manifest.digest())
                    .orElseThrow()
                    .kind();
            assertTrue(
                    byRun.get(ingest.id()).get(1).getOutputs().stream()
                            .anyMatch(d -> d.getName().equals(kind + ":" + manifest.digest())),
                    "the manifest is a dataset named " + kind + ":<digest>");

            // The cached ingest completes; pretrain starts and fails, with the error as a facet.
            PipelineRunRecord broke =
                    PipelineWorkflowTest.lineageStore().run(failed).orElseThrow();
            assertEquals(2, broke.stages().size());
            List<OpenLineage.RunEvent> pretrain =
                    byRun.get(broke.stages().get(1).id());
            assertEquals(
                    List.of(OpenLineage.RunEvent.EventType.START, OpenLineage.RunEvent.EventType.FAIL),
                    pretrain.stream().map(OpenLineage.RunEvent::getEventType).toList());
            String message =
                    pretrain.get(1).getRun().getFacets().getErrorMessage().getMessage();
            assertTrue(message.contains("has no GPU that DJL can use"), message);
            assertEquals(
                    List.of(OpenLineage.RunEvent.EventType.START, OpenLineage.RunEvent.EventType.COMPLETE),
                    byRun.get(broke.stages().get(0).id()).stream()
                            .map(OpenLineage.RunEvent::getEventType)
                            .toList());
            assertEquals(
                    lines.size(), byRun.values().stream().mapToInt(List::size).sum(), "every line is one event");
        }
    }
}
