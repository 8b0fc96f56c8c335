package dev.tempered.activities.curation.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.curation.DefaultCurationSteps;
import dev.tempered.activities.curation.FilteredShard;
import dev.tempered.activities.curation.ShardProgress;
import dev.tempered.activities.ingest.IngestCheckpoint;
import dev.tempered.activities.ingest.IngestCore;
import dev.tempered.activities.ingest.IngestParams;
import dev.tempered.activities.ingest.IngestProgress;
import dev.tempered.activities.ingest.SourceManifest;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.CurationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curateShard resumes from its last heartbeated chunk: a retry that starts from a checkpoint
 * taken mid-shard returns exactly what an uninterrupted run returns (same kept-text bytes, same
 * exclusions, same funnel, and so the same stored record).
 */
class CurateShardResumeTest {
    @TempDir
    Path work;

    @Test
    void aRetryFromAMidShardCheckpointProducesTheSameOutputs() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        ArtifactPublisher publisher =
                new ArtifactPublisher(fixture.newArtifactStore("curate-resume"), fixture.lineage());
        String rawShard = rawShardOfTheSampleWarc(publisher);
        String stageRunId = seedStageRun(fixture);
        Map<String, Object> params =
                StageRegistry.get("curate", "test").normalize(Map.of("chunk_docs", 10), "test.params");
        var request = new CurationActivities.ShardRequest(stageRunId, 0, rawShard, params);

        List<ShardProgress> heartbeats = new ArrayList<>();
        String freshDigest = run(publisher, request, null, heartbeats);
        // The SDK throttles heartbeats by time (every 1.6 s after the first), so which chunks get
        // reported depends on the machine's speed; a late one can be the shard's last chunk, which
        // leaves the retry nothing to do and nothing to heartbeat. The earliest checkpoint past the
        // first chunk is mid-shard on any machine.
        assertTrue(!heartbeats.isEmpty(), "10-page chunks over ~200 pages heartbeat");
        ShardProgress middle = heartbeats.stream()
                .filter(h -> h.chunksDone() > 0)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no heartbeat after a finished chunk: " + heartbeats));
        assertTrue(middle.pagesDone() > 0 && middle.chunksDone() > 0);

        List<ShardProgress> resumedHeartbeats = new ArrayList<>();
        String resumedDigest = run(publisher, request, middle, resumedHeartbeats);
        assertTrue(
                !resumedHeartbeats.isEmpty() && resumedHeartbeats.get(0).chunksDone() > middle.chunksDone(),
                "the retry continued after chunk " + middle.chunksDone() + ": " + resumedHeartbeats);
        // The stored records are canonical JSON: equal digests mean equal records, compared field by field below.
        assertEquals(freshDigest, resumedDigest);
        FilteredShard fresh = Json.MAPPER.readValue(publisher.store().readAllBytes(freshDigest), FilteredShard.class);
        FilteredShard resumed =
                Json.MAPPER.readValue(publisher.store().readAllBytes(resumedDigest), FilteredShard.class);
        assertEquals(fresh.keptDigest(), resumed.keptDigest());
        assertEquals(fresh.keptDocs(), resumed.keptDocs());
        assertEquals(fresh.signatureParts(), resumed.signatureParts());
        assertEquals(fresh.exclusions(), resumed.exclusions());
        assertEquals(fresh.funnel(), resumed.funnel());
        assertTrue(fresh.keptDocs() > 0);
    }

    private static String run(
            ArtifactPublisher publisher,
            CurationActivities.ShardRequest request,
            ShardProgress resumeFrom,
            List<ShardProgress> heartbeats) {
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new CurationActivitiesImpl(publisher, new DefaultCurationSteps()));
            env.setActivityHeartbeatListener(ShardProgress.class, heartbeats::add);
            if (resumeFrom != null) env.setHeartbeatDetails(resumeFrom);
            CurationActivities stub = env.newActivityStub(
                    CurationActivities.class,
                    ActivityOptions.newBuilder()
                            // A short heartbeat timeout: the SDK flushes heartbeats every 0.8 x this, so the
                            // listener sees several checkpoints of one shard.
                            .setHeartbeatTimeout(Duration.ofSeconds(2))
                            .setStartToCloseTimeout(Duration.ofMinutes(5))
                            .build());
            return stub.curateShard(request);
        } finally {
            env.close();
        }
    }

    /** The first ~200 pages of the real sample WARC as one raw-pages shard. */
    private String rawShardOfTheSampleWarc(ArtifactPublisher publisher) throws Exception {
        byte[] warc = Files.readAllBytes(Path.of("..", "examples", "data", "sample.warc.gz"));
        String digest = publisher
                .publish(warc, "source-file", "application/warc", Map.of())
                .digest();
        var manifest = new SourceManifest(
                SourceManifest.FORMAT,
                List.of(new SourceManifest.Entry(
                        "sample.warc.gz", SourceManifest.SourceKind.warc, digest, warc.length)),
                List.of());
        List<String> shards = new ArrayList<>();
        new IngestCore(
                        manifest,
                        new IngestParams(6L << 20, 10L << 20, Set.of("text/html")),
                        work,
                        e -> publisher.store().open(e.digest()),
                        (file, pages, bytes) -> {
                            String d = publisher
                                    .publish(file, "raw-pages", "application/x-ndjson+gzip", Map.of())
                                    .digest();
                            shards.add(d);
                            return d;
                        },
                        new IngestCore.Listener() {
                            public void onCheckpoint(IngestCheckpoint c) {}

                            public void onProgress(IngestProgress p) {}
                        })
                .run(IngestCheckpoint.start());
        return shards.get(0);
    }

    private static String seedStageRun(StorageFixture fixture) {
        String runId = "curate-resume-" + UUID.randomUUID();
        fixture.lineage().beginPipelineRun(runId, "test", Map.of(), null);
        return fixture.lineage()
                .startStageRun(new dev.tempered.storage.StageRunStart(
                        runId,
                        0,
                        "curate",
                        1,
                        dev.tempered.storage.Digests.sha256Hex(runId.getBytes()),
                        Map.of(),
                        List.of(),
                        null,
                        null))
                .toString();
    }
}
