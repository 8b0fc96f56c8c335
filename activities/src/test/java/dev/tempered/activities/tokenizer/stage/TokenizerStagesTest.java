package dev.tempered.activities.tokenizer.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.curation.DefaultCurationSteps;
import dev.tempered.activities.curation.Document;
import dev.tempered.activities.ingest.IngestActivitiesImpl;
import dev.tempered.activities.ingest.SourceImporter;
import dev.tempered.activities.lineage.LineageActivitiesImpl;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.storage.ArtifactPublisher;
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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest → curate → train-tokenizer → tokenize on the sample corpus' English pages, through the
 * workflows and the real activities: the tokenizer loads back, its report compares with GPT-2 and
 * cl100k, and every token shard decodes back to exactly the curated text, one BOS per document.
 */
class TokenizerStagesTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflowExtension.newBuilder().setDoNotStart(true).build();

    @TempDir
    Path work;

    @Test
    @SuppressWarnings("unchecked")
    void tokenShardsDecodeToTheCuratedTextOneBosPerDocument(TestWorkflowEnvironment env, WorkflowClient client)
            throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        S3ArtifactStore store = StorageFixture.get().newArtifactStore("tokenizer-stages");
        ArtifactPublisher publisher = new ArtifactPublisher(store, lineage);
        Worker workflows = env.newWorker(TaskQueues.WORKFLOWS);
        workflows.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, CurateWorkflowImpl.class);
        workflows.registerActivitiesImplementations(new LineageActivitiesImpl(lineage, store));
        env.newWorker(TaskQueues.CPU)
                .registerActivitiesImplementations(
                        new IngestActivitiesImpl(publisher),
                        new CurationActivitiesImpl(publisher, new DefaultCurationSteps()),
                        new TokenizerActivitiesImpl(publisher));
        env.start();

        String sources = new SourceImporter(publisher)
                .importSources(Path.of("..", "examples", "data"), List.of("sample.warc.gz"), "test")
                .digest();
        String runId = "tokenizer-" + UUID.randomUUID();
        PipelineSpec spec = new PipelineSpec(
                "tokenizer-test",
                List.of(
                        new StageSpec("ingest", Map.of("shard_max_mb", 16), Map.of("sources", sources)),
                        // Keep more pages than the demo so the tokenizer has text: no quality filters here.
                        new StageSpec("curate", Map.of("quality_filters", List.of(), "dedup", false), Map.of()),
                        new StageSpec("train-tokenizer", Map.of("vocab_size", 1024), Map.of()),
                        new StageSpec(
                                "tokenize",
                                Map.of(),
                                Map.of("text", "stage:curate", "tokenizer", "stage:train-tokenizer"))));
        client.newWorkflowStub(
                        PipelineWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(runId)
                                .setTaskQueue(TaskQueues.WORKFLOWS)
                                .build())
                .run(new PipelineRequest(runId, spec, true));
        PipelineRunRecord run = lineage.run(runId).orElseThrow();
        assertEquals(StageStatus.SUCCEEDED, run.status(), run.error());

        StageRunRecord train = run.stages().get(2);
        assertEquals(1024, ((Number) train.summary().get("vocab_size")).intValue());
        assertEquals(Boolean.TRUE, train.summary().get("complete"));
        Map<String, Object> bpt = (Map<String, Object>) train.summary().get("bytes_per_token");
        double ours = ((Number) bpt.get("tempered")).doubleValue();
        double gpt2 = ((Number) bpt.get("gpt2")).doubleValue();
        double cl100k = ((Number) bpt.get("cl100k")).doubleValue();
        // A 1k vocabulary compresses less than GPT-2's 50k and cl100k's 100k, but far better than bytes.
        assertTrue(ours > 2.0 && ours < gpt2 && gpt2 < cl100k, bpt.toString());

        String tokenizerDigest = (String) train.summary().get(LineageActivitiesImpl.PRIMARY_OUTPUT);
        TokenizerSpec tokenizer = TokenizerArtifacts.load(store, tokenizerDigest, work);
        assertEquals(1024, tokenizer.vocabSize());
        BpeEncoder encoder = new BpeEncoder(tokenizer);
        int bos = tokenizer.specialTokens().get(SpecialTokens.BOS);

        StageRunRecord tokenize = run.stages().get(3);
        JsonNode manifest = Json.MAPPER.readTree(
                store.readAllBytes((String) tokenize.summary().get(LineageActivitiesImpl.PRIMARY_OUTPUT)));
        assertEquals(2, manifest.get("bytes_per_token").asInt(), "a 1k vocabulary fits uint16");
        String textManifest = (String) run.stages().get(1).summary().get(LineageActivitiesImpl.PRIMARY_OUTPUT);
        TextCorpus corpus = new TextCorpus(store, textManifest);
        long tokens = 0;
        for (int s = 0; s < corpus.shards().size(); s++) {
            int[] ids;
            try (InputStream in =
                    store.open(manifest.get("shards").get(s).get("digest").asText())) {
                ids = TokenShardReader.readAll(in, "shard " + s);
            }
            tokens += ids.length;
            List<int[]> docs = splitAtBos(ids, bos);
            Iterator<Document> expected = corpus.documents(s);
            for (int[] doc : docs) assertEquals(expected.next().text(), encoder.decodeStrict(doc));
            assertTrue(!expected.hasNext(), "one BOS per document in shard " + s);
        }
        assertEquals(manifest.get("tokens").asLong(), tokens);
        assertTrue(tokens > 10_000, "tokens: " + tokens);
    }

    private static List<int[]> splitAtBos(int[] ids, int bos) {
        assertEquals(bos, ids[0], "a shard starts with BOS");
        List<int[]> docs = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= ids.length; i++) {
            if (i == ids.length || ids[i] == bos) {
                docs.add(Arrays.copyOfRange(ids, start, i));
                start = i + 1;
            }
        }
        return docs;
    }

    @Test
    void aVocabularyTooSmallForBytesAndSpecialsIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> StageRegistry.get("train-tokenizer", "stages[2].stage")
                        .normalize(Map.of("vocab_size", 200), "stages[2].params"));
        assertTrue(
                e.getMessage().contains("stages[2].params.vocab_size")
                        && e.getMessage().contains("266"),
                e.getMessage());
    }

    @Test
    void anArtifactThatIsNotATokenizerIsNamed() throws Exception {
        S3ArtifactStore store = StorageFixture.get().newArtifactStore("tokenizer-bad");
        ArtifactPublisher publisher =
                new ArtifactPublisher(store, StorageFixture.get().lineage());
        String digest = publisher
                .publish(
                        "{\"format\": \"tempered.text-manifest/v1\"}".getBytes(),
                        "text-manifest",
                        "application/json",
                        Map.of())
                .digest();
        InvalidStageInputException e = assertThrows(
                InvalidStageInputException.class,
                () -> TokenizerArtifacts.load(store, digest, Files.createTempDirectory(work, "t")));
        assertTrue(e.getMessage().contains(digest) && e.getMessage().contains("not a tokenizer"), e.getMessage());
    }
}
