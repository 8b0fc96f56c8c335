package dev.tempered.app.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.temporal.TemporalCapabilities;
import dev.tempered.storage.ArtifactRef;
import dev.tempered.storage.PipelineRunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The same topology from container images, for machines with Docker (the images docker-compose.yml
 * uses): Temporal (auto-setup on PostgreSQL), MinIO, PostgreSQL, and Tempered workers as separate
 * processes. Skipped where Docker does not answer; the fault tests run against the servers built
 * from source (ProductionTopologyIT), whose processes a test can kill and restart in place.
 */
class ContainerTopologyIT {
    static final String TEMPORAL_IMAGE = "temporalio/auto-setup:1.28.0";
    static final String POSTGRES_IMAGE = "postgres:17";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    @TempDir
    static Path root;

    static Network network;
    static PostgreSQLContainer<?> postgres;
    static MinIOContainer minio;
    static GenericContainer<?> temporal;
    static TopologyWorkers workers;
    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                "Docker does not answer: container topology skipped");
        network = Network.newNetwork();
        postgres = new PostgreSQLContainer<>(POSTGRES_IMAGE)
                .withNetwork(network)
                .withNetworkAliases("postgres")
                .withDatabaseName("tempered")
                .withUsername("tempered")
                .withPassword("tempered-it");
        postgres.start();
        minio = new MinIOContainer(MINIO_IMAGE).withUserName("tempered-it").withPassword("tempered-it-secret");
        minio.start();
        // auto-setup creates Temporal's own databases in the same PostgreSQL and the default namespace.
        temporal = new GenericContainer<>(TEMPORAL_IMAGE)
                .withNetwork(network)
                .withEnv(Map.of(
                        "DB",
                        "postgres12",
                        "DB_PORT",
                        "5432",
                        "POSTGRES_SEEDS",
                        "postgres",
                        "POSTGRES_USER",
                        "tempered",
                        "POSTGRES_PWD",
                        "tempered-it"))
                .withExposedPorts(7233)
                .waitingFor(Wait.forLogMessage(
                                ".*Default namespace default already registered.*|.*Default namespace default successfully registered.*|.*Temporal server started.*",
                                1)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        temporal.start();

        Map<String, String> env = new HashMap<>();
        env.put("TEMPERED_TEMPORAL_TARGET", temporal.getHost() + ":" + temporal.getMappedPort(7233));
        env.put("TEMPERED_S3_ENDPOINT", minio.getS3URL());
        env.put("TEMPERED_S3_ACCESS_KEY", minio.getUserName());
        env.put("TEMPERED_S3_SECRET_KEY", minio.getPassword());
        env.put("TEMPERED_POSTGRES_URL", postgres.getJdbcUrl());
        env.put("TEMPERED_POSTGRES_USER", postgres.getUsername());
        env.put("TEMPERED_POSTGRES_PASSWORD", postgres.getPassword());
        Path config = root.resolve("tempered.yaml");
        Files.writeString(config, "web:\n  port: 0\n");
        platform = Platform.connect(TemperedConfig.load(null, env).withDataDir(root.resolve("client")), true);
        workers = new TopologyWorkers(root, config, env);
        workers.start("workflows");
        workers.start("cpu,model");
        workers.start("cpu,model");
    }

    @AfterAll
    static void stop() throws Exception {
        if (workers != null) workers.close();
        if (platform != null) platform.close();
        for (AutoCloseable c : new AutoCloseable[] {temporal, minio, postgres, network}) {
            if (c != null) c.close();
        }
    }

    @Test
    void pipelineRunsAcrossWorkerProcessesAndRerunsToTheSameArtifacts() throws Exception {
        assertEquals(new TemporalCapabilities(true, true), platform.capabilities());
        Path pipeline = PipelineFixture.write(root);
        PipelineRunRecord first = PipelineFixture.awaitSuccess(platform, PipelineFixture.submit(platform, pipeline));
        PipelineRunRecord second = PipelineFixture.awaitSuccess(platform, PipelineFixture.submit(platform, pipeline));
        Map<String, List<ArtifactRef>> outputs = PipelineFixture.outputs(first);
        assertEquals(
                List.of("ingest", "curate", "train-tokenizer", "tokenize", "pretrain", "sample"),
                List.copyOf(outputs.keySet()));
        PipelineFixture.assertLikeUndisturbed(platform, first, second);
    }
}
