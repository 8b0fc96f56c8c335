package dev.tempered.activities.curation.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.curation.DefaultCurationSteps;
import dev.tempered.activities.ingest.IngestActivitiesImpl;
import dev.tempered.activities.ingest.SourceImporter;
import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.CurateWorkflowImpl;
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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ingest → curate on the real sample corpus through the pipeline workflow, the curate child
 * workflow and the real activities: the funnel's drop reasons, the exclusion artifacts that
 * explain them, and the text shards that come out.
 */
class CurateStageTest {
    private static LineageStore lineage;
    private static S3ArtifactStore store;
    private static PipelineRunRecord run;

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    @BeforeAll
    static void storage() {
        lineage = StorageFixture.get().lineage();
        store = StorageFixture.get().newArtifactStore("curate-stage");
    }

    private static synchronized PipelineRunRecord demoRun(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        if (run != null) return run;
        ArtifactPublisher publisher = new ArtifactPublisher(store, lineage);
        Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, CurateWorkflowImpl.class);
        workflows.registerActivitiesImplementations(new LineageActivitiesImpl(lineage, store));
        env.newWorker(TaskQueues.CPU)
                .registerActivitiesImplementations(
                        new IngestActivitiesImpl(publisher),
                        new CurationActivitiesImpl(publisher, new DefaultCurationSteps()));
        env.start();
        String sources = new SourceImporter(publisher)
                .importSources(Path.of("..", "examples", "data"), List.of("sample.warc.gz", "html"), "test")
                .digest();
        String runId = "curate-" + UUID.randomUUID();
        PipelineSpec spec = new PipelineSpec(
                "curate-test",
                List.of(
                        new StageSpec("ingest", Map.of("shard_max_mb", 8), Map.of("sources", sources)),
                        new StageSpec("curate", Map.of("chunk_docs", 100), Map.of())));
        client.newWorkflowStub(
                        PipelineWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(runId)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                .run(new PipelineRequest(runId, spec, true));
        run = lineage.run(runId).orElseThrow();
        return run;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> funnel(StageRunRecord curate) {
        return (Map<String, Map<String, Object>>) curate.summary().get("funnel");
    }

    private static List<JsonNode> lines(String digest) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(store.open(digest)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) out.add(Json.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFunnelCountsEveryStepAndItsDropReasons(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        StageRunRecord curate = demoRun(env, client).stages().get(1);
        assertEquals(StageStatus.SUCCEEDED, curate.status());
        Map<String, Map<String, Object>> funnel = funnel(curate);
        // Every page ingest produced enters curation.
        assertEquals(910, ((Number) funnel.get("url_filter").get("docs_in")).intValue());
        Map<String, Object> langDrops =
                (Map<String, Object>) funnel.get("language").get("drops");
        // The Debian Handbook's French and Japanese pages and the Chinese UDHR are not English.
        assertTrue(((Number) langDrops.get("language:fr")).intValue() >= 14, langDrops.toString());
        assertTrue(((Number) langDrops.get("language:ja")).intValue() >= 14, langDrops.toString());
        assertTrue(((Number) langDrops.get("language:zh")).intValue() >= 14, langDrops.toString());
        // The quality filters drop real pages for datatrove's reasons.
        assertTrue(
                count(funnel, "gopher_repetition", "duplicated_5_n_grams") > 0,
                funnel.get("gopher_repetition").toString());
        assertTrue(
                count(funnel, "gopher_quality", "gopher_below_alpha_threshold") > 0,
                funnel.get("gopher_quality").toString());
        assertTrue(
                count(funnel, "gopher_quality", "gopher_short_doc") > 0,
                funnel.get("gopher_quality").toString());
        assertTrue(
                count(funnel, "c4_quality", "curly_bracket") > 0,
                funnel.get("c4_quality").toString());
        assertTrue(
                count(funnel, "fineweb_quality", "char_dup_ratio") > 0,
                funnel.get("fineweb_quality").toString());
        assertTrue(
                count(funnel, "extract", "extract:no_main_content") > 0,
                funnel.get("extract").toString());
        // The corpus' URLs are on no blocklist; the loose files' file: URLs are not judged.
        assertEquals(910L, ((Number) funnel.get("url_filter").get("docs_out")).longValue());
        Map<String, Object> pii = (Map<String, Object>) curate.summary().get("pii_redactions");
        assertTrue(((Number) pii.get("email")).intValue() > 10, "the English spam mails carry addresses: " + pii);
        assertTrue(((Number) pii.get("phone")).intValue() > 0, pii.toString());
        Map<String, Object> dedupDrops =
                (Map<String, Object>) funnel.get("minhash_dedup").get("drops");
        assertTrue(
                ((Number) dedupDrops.get("minhash_duplicate")).intValue() > 0, "the spam re-sends are near-duplicates");
        // Each step passes on what it kept.
        long kept = ((Number) funnel.get("extract").get("docs_out")).longValue();
        assertEquals(kept, ((Number) funnel.get("language").get("docs_in")).longValue());
    }

    @SuppressWarnings("unchecked")
    private static long count(Map<String, Map<String, Object>> funnel, String step, String reason) {
        Object n = ((Map<String, Object>) funnel.get(step).get("drops")).get(reason);
        return n == null ? 0 : ((Number) n).longValue();
    }

    @Test
    void dropsAreExplainedInExclusionArtifacts(TestWorkflowEnvironment env, WorkflowClient client) throws Exception {
        StageRunRecord curate = demoRun(env, client).stages().get(1);
        List<JsonNode> language = new ArrayList<>();
        for (ArtifactRef o : curate.outputs())
            if (o.name().equals("excluded_language")) language.addAll(lines(o.digest()));
        JsonNode french = language.stream()
                .filter(e -> e.get("reason").asText().equals("language:fr"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                french.get("url").asText().contains("/fr-FR/"),
                french.get("url").asText());
        assertEquals("language", french.get("step").asText());
        assertTrue(french.get("excerpt").asText().length() > 100, "the excerpt shows the text the step judged");
    }

    @Test
    void keptDocumentsAreEnglishPiiFreeTextShardsListedInTheManifest(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        StageRunRecord curate = demoRun(env, client).stages().get(1);
        String manifestDigest = (String) curate.summary().get(LineageActivitiesImpl.PRIMARY_OUTPUT);
        JsonNode manifest = Json.MAPPER.readTree(store.readAllBytes(manifestDigest));
        assertEquals("tempered.text-manifest/v1", manifest.get("format").asText());
        long docs = 0;
        for (JsonNode shard : manifest.get("shards")) {
            List<JsonNode> shardDocs = lines(shard.get("digest").asText());
            assertEquals(shard.get("docs").asInt(), shardDocs.size());
            for (JsonNode d : shardDocs) {
                assertEquals("en", d.get("lang").asText());
                assertTrue(
                        !d.get("text").asText().matches("(?s).*[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z]{2,}.*"),
                        "no email address survives PII removal in "
                                + d.get("url").asText());
                assertTrue(d.get("lang_score").asDouble() > 0.65);
                assertTrue(d.get("text").asText().length() > 0);
            }
            docs += shardDocs.size();
        }
        assertEquals(manifest.get("docs").asLong(), docs);
        assertEquals(((Number) curate.summary().get("docs")).longValue(), docs);
        assertTrue(docs > 150, "a good share of the English pages survive: " + docs);
    }
}
