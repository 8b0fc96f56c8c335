package dev.tempered.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Digests;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production topology under faults: real Temporal, MinIO and PostgreSQL servers, one
 * workflow worker and two cpu workers as separate processes, the demo pipeline in external mode.
 * Each fault test disturbs a run and asserts its artifacts equal an undisturbed run's, byte for
 * byte (outputs are content-addressed, so equal digests are equal bytes), checkpoints and samples
 * included, and the same loss at every step to the bit (PipelineFixture.assertLikeUndisturbed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionTopologyIT {
    @TempDir
    static Path root;

    static ExternalServers servers;
    static TopologyWorkers workers;
    static Platform platform;
    static Path pipeline;
    static PipelineRunRecord calm;

    @BeforeAll
    static void startTopologyAndRunUndisturbed() throws Exception {
        servers = ExternalServers.start(root.resolve("servers"));
        Path config = root.resolve("tempered.yaml");
        Files.writeString(config, "web:\n  port: 0\n");
        Map<String, String> env = servers.temperedEnv();
        platform = Platform.connect(TemperedConfig.load(null, env).withDataDir(root.resolve("client")), true);
        workers = new TopologyWorkers(root, config, env);
        workers.start("workflows");
        workers.start("cpu,model");
        workers.start("cpu,model");
        pipeline = PipelineFixture.write(root);
        calm = PipelineFixture.awaitSuccess(platform, PipelineFixture.submit(platform, pipeline));
        assertEquals(
                List.of("ingest", "curate", "train-tokenizer", "tokenize", "pretrain", "sample"),
                List.copyOf(PipelineFixture.outputs(calm).keySet()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (workers != null) workers.close();
        if (platform != null) platform.close();
        if (servers != null) servers.close();
    }

    @Test
    @Order(1)
    void killedActivityWorkerIsReplacedAndPretrainingResumesFromItsCheckpoint() throws Exception {
        String runId = PipelineFixture.submit(platform, pipeline);
        // Wait until pretraining has heartbeated a checkpoint, then kill the worker running it.
        PendingActivityInfo pretrain = null;
        long deadline = System.currentTimeMillis() + 5 * 60_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<PendingActivityInfo> a = PipelineFixture.pendingActivity(platform, runId, "Pretrain");
            if (a.isPresent() && checkpointIn(a.get()) != null) {
                pretrain = a.get();
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(pretrain != null, "pretraining heartbeated a checkpoint");
        var victim = workers.byIdentity(pretrain.getLastWorkerIdentity())
                .orElseThrow(() -> new AssertionError("no worker of ours runs pretrain"));
        assertTrue(victim.name().contains("cpu"), victim.name());
        TopologyWorkers.kill(victim);
        workers.start("cpu,model");

        PipelineRunRecord run = PipelineFixture.awaitSuccess(platform, runId);
        PipelineFixture.assertLikeUndisturbed(platform, calm, run);
        StageRunRecord stage =
                PipelineFixture.stage(platform, runId, "pretrain").orElseThrow();
        long resumedFrom = ((Number) stage.summary().get("resumed_from_step")).longValue();
        assertTrue(resumedFrom > 0, "the retry resumed from a checkpoint, not step 0: " + stage.summary());
    }

    @Test
    @Order(2)
    void temporalServerRestartMidPipelineContinuesWhereItWas() throws Exception {
        String runId = PipelineFixture.submit(platform, pipeline);
        long deadline = System.currentTimeMillis() + 5 * 60_000;
        while (PipelineFixture.stage(platform, runId, "curate")
                        .map(s -> s.status() != StageStatus.RUNNING)
                        .orElse(true)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(
                StageStatus.RUNNING,
                PipelineFixture.stage(platform, runId, "curate").orElseThrow().status());
        Instant killedAt = Instant.now();
        servers.temporal.kill();
        Thread.sleep(3_000);
        servers.temporal.start();

        PipelineRunRecord run = PipelineFixture.awaitSuccess(platform, runId);
        PipelineFixture.assertLikeUndisturbed(platform, calm, run);
        // Continued, not restarted: one stage run per stage, and ingest finished before the kill.
        assertEquals(6, run.stages().size(), "one stage run per stage: " + run.stages());
        StageRunRecord ingest = run.stages().get(0);
        assertTrue(ingest.finished().isBefore(killedAt), "ingest was not redone after the restart");
        assertTrue(run.finished().isAfter(killedAt));
    }

    @Test
    @Order(3)
    void minioRestartDuringUploadRetriesAndNeverExposesAPartialObject() throws Exception {
        long failuresBefore = activityFailuresLogged();
        String runId = PipelineFixture.submit(platform, pipeline);
        // MinIO stages every incoming object under .minio.sys/tmp (and parts under multipart)
        // until it is complete: a file there is an upload in flight.
        long deadline = System.currentTimeMillis() + 5 * 60_000;
        Optional<Path> caught = Optional.empty();
        while (caught.isEmpty() && System.currentTimeMillis() < deadline) {
            caught = uploadInFlight(servers.minioData());
            if (caught.isEmpty()) Thread.sleep(1);
        }
        assertTrue(caught.isPresent(), "saw an upload in flight");
        servers.minio.kill();
        Thread.sleep(2_000);
        servers.minio.start();

        PipelineRunRecord run = PipelineFixture.awaitSuccess(platform, runId);
        PipelineFixture.assertLikeUndisturbed(platform, calm, run);
        assertTrue(
                activityFailuresLogged() > failuresBefore,
                "the activity uploading " + caught.get() + " failed when MinIO went away, and was retried");

        // Lineage never points at a missing object, and every visible artifact is whole.
        MinioClient s3 = servers.s3();
        String bucket = servers.temperedEnv().get("TEMPERED_S3_BUCKET");
        for (ArtifactRecord a : platform.lineage().recentArtifactsIncludingInternal(100_000)) {
            assertTrue(platform.store().stat(a.digest()).isPresent(), "lineage names " + a.digest() + " and S3 has it");
        }
        int checked = 0;
        for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder()
                .bucket(bucket)
                .prefix("sha256/")
                .recursive(true)
                .build())) {
            String key = r.get().objectName();
            MessageDigest sha = Digests.newSha256();
            try (InputStream in = s3.getObject(
                    GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
            }
            assertEquals(key.substring(key.lastIndexOf('/') + 1), Digests.hex(sha), "object " + key + " is whole");
            checked++;
        }
        assertTrue(checked >= 20, "checked every artifact object: " + checked);
    }

    private static String checkpointIn(PendingActivityInfo a) {
        if (!a.hasHeartbeatDetails()) return null;
        @SuppressWarnings("unchecked")
        Map<String, Object> progress = DefaultDataConverter.newDefaultInstance()
                .fromPayloads(0, Optional.of(a.getHeartbeatDetails()), Map.class, Map.class);
        return (String) progress.get("checkpoint");
    }

    /**
     * A data file MinIO is still writing: objects over its inline limit (128 KiB) are written as
     * {@code part.N} under .minio.sys/tmp (or .minio.sys/multipart) and renamed into place when complete.
     */
    private static Optional<Path> uploadInFlight(Path minioData) throws Exception {
        for (String dir : List.of(".minio.sys/tmp", ".minio.sys/multipart")) {
            Path d = minioData.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> files = Files.walk(d)) {
                Optional<Path> part = files.filter(
                                p -> p.getFileName().toString().startsWith("part.")
                                        && !p.toString().contains(".trash"))
                        .findFirst();
                if (part.isPresent()) return part;
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
                // MinIO renamed a file away while we looked: that upload finished.
            }
        }
        return Optional.empty();
    }

    /** Activity attempts that failed, as the workers log them ("Activity failure. ActivityId=…"). */
    private static long activityFailuresLogged() throws Exception {
        long n = 0;
        try (Stream<Path> logs = Files.list(root)) {
            // Regular files only: the workers' shared data directory (worker-data, where the
            // OpenLineage sink writes) starts with the same prefix.
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("worker-") && Files.isRegularFile(p))
                    .toList()) {
                n += Files.readAllLines(log).stream()
                        .filter(l -> l.contains("Activity failure."))
                        .count();
            }
        }
        return n;
    }
}
