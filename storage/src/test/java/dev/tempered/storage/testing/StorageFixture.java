package dev.tempered.storage.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempered.embedded.EmbeddedPostgresServer;
import dev.tempered.embedded.EmbeddedS3Server;
import dev.tempered.storage.Database;
import dev.tempered.storage.DbConfig;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.S3Config;
import java.net.URI;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Real PostgreSQL and a real S3 server for tests, started once per JVM: containers (PostgreSQL
 * 17, MinIO) when a Docker engine answers, otherwise the same embedded servers the app uses.
 * Tests share one database, so they use fresh ids and never assume empty tables.
 */
public final class StorageFixture {
    private static final String ACCESS_KEY = "tempered-test";
    private static final String SECRET_KEY = "tempered-test-secret-" + UUID.randomUUID();

    private static StorageFixture instance;

    private final DbConfig dbConfig;
    private final URI s3Endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String backend;
    private HikariDataSource dataSource;

    private StorageFixture(DbConfig dbConfig, URI s3Endpoint, String accessKey, String secretKey, String backend) {
        this.dbConfig = dbConfig;
        this.s3Endpoint = s3Endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.backend = backend;
    }

    public static synchronized StorageFixture get() {
        if (instance == null) instance = dockerAnswers() ? startContainers() : startEmbedded();
        return instance;
    }

    private static boolean dockerAnswers() {
        if ("false".equals(System.getenv("TEMPERED_TEST_DOCKER"))) return false;
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // Lives for the JVM; Testcontainers' reaper or the hook stops it.
    private static StorageFixture startContainers() {
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:17");
        MinIOContainer minio = new MinIOContainer("minio/minio:latest")
                .withUserName(ACCESS_KEY)
                .withPassword(SECRET_KEY);
        pg.start();
        minio.start();
        return new StorageFixture(
                new DbConfig(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword()),
                URI.create(minio.getS3URL()),
                ACCESS_KEY,
                SECRET_KEY,
                "testcontainers");
    }

    private static StorageFixture startEmbedded() {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.startTransient();
        EmbeddedS3Server s3 = EmbeddedS3Server.startTransient(ACCESS_KEY, SECRET_KEY);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            s3.close();
                            pg.close();
                        },
                        "storage-fixture-stop"));
        return new StorageFixture(
                new DbConfig(pg.jdbcUrl(), pg.user(), pg.password()),
                s3.endpoint(),
                ACCESS_KEY,
                SECRET_KEY,
                "embedded");
    }

    /** "embedded" or "testcontainers": which real servers these tests ran against. */
    public String backend() {
        return backend;
    }

    public DbConfig dbConfig() {
        return dbConfig;
    }

    public synchronized HikariDataSource dataSource() {
        if (dataSource == null) dataSource = Database.open(dbConfig);
        return dataSource;
    }

    public LineageStore lineage() {
        return new LineageStore(dataSource());
    }

    /** S3 settings for a bucket of its own, so tests do not see each other's objects. */
    public S3Config s3Config(String bucketPrefix) {
        String bucket = (bucketPrefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        return new S3Config(s3Endpoint, accessKey, secretKey, bucket);
    }

    public S3ArtifactStore newArtifactStore(String bucketPrefix) {
        return S3ArtifactStore.connect(s3Config(bucketPrefix));
    }
}
