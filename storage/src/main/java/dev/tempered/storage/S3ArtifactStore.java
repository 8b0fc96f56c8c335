package dev.tempered.storage;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ArtifactStore} over any S3 API with the MinIO client.
 *
 * <p>A put streams to a random staging key while hashing, then copies server-side to the
 * digest's key and removes the staging object. The digest key therefore only ever holds a
 * complete object: a crash mid-upload leaves at most a staging leftover, never a partial
 * artifact. Single server-side copies are limited to 5 GiB by S3; artifacts beyond that are
 * rejected with a clear error rather than silently truncated.
 */
public final class S3ArtifactStore implements ArtifactStore {
    private static final Logger log = LoggerFactory.getLogger(S3ArtifactStore.class);
    private static final long MAX_SINGLE_COPY_BYTES = 5L << 30;

    private final MinioClient client;
    private final S3Config config;

    private S3ArtifactStore(MinioClient client, S3Config config) {
        this.client = client;
        this.config = config;
    }

    /** Connects and creates the bucket if it is missing. Build one per process and share it. */
    public static S3ArtifactStore connect(S3Config config) {
        // Our own OkHttpClient: MinIO's default one parses every system CA certificate (seconds).
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofMinutes(5))
                .writeTimeout(Duration.ofMinutes(5))
                .retryOnConnectionFailure(true)
                .build();
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint().toString())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build();
        S3ArtifactStore store = new S3ArtifactStore(client, config);
        store.ensureBucket();
        return store;
    }

    private void ensureBucket() {
        try {
            if (!client.bucketExists(
                    BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                client.makeBucket(
                        MakeBucketArgs.builder().bucket(config.bucket()).build());
                log.info("created bucket {} at {}", config.bucket(), config.endpoint());
            }
        } catch (ErrorResponseException e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code()))
                throw failure("create bucket " + config.bucket(), e);
        } catch (MinioException e) {
            throw failure("reach bucket " + config.bucket(), e);
        }
    }

    @Override
    public StoredObject put(InputStream in) throws IOException {
        MessageDigest sha256 = Digests.newSha256();
        CountingInputStream counted = new CountingInputStream(new DigestInputStream(in, sha256));
        String staging = ObjectKeys.newStagingKey();
        try {
            client.putObject(PutObjectArgs.builder().bucket(config.bucket()).object(staging).stream(
                            counted, null, config.partSizeBytes())
                    .contentType("application/octet-stream")
                    .build());
        } catch (MinioException e) {
            removeQuietly(staging);
            throw new IOException(
                    "upload to " + config.endpoint() + "/" + config.bucket() + " failed: " + e.getMessage(), e);
        }
        String digest = Digests.hex(sha256);
        long size = counted.count();
        String key = ObjectKeys.forDigest(digest);
        try {
            if (stat(digest).isEmpty()) {
                if (size > MAX_SINGLE_COPY_BYTES) {
                    throw new IOException("artifact " + digest + " is " + size
                            + " bytes; single server-side copies stop at 5 GiB: split it into a manifest of parts");
                }
                client.copyObject(CopyObjectArgs.builder()
                        .bucket(config.bucket())
                        .object(key)
                        .source(SourceObject.builder()
                                .bucket(config.bucket())
                                .object(staging)
                                .build())
                        .build());
            }
        } catch (MinioException e) {
            throw new IOException("publishing " + staging + " as " + key + " failed: " + e.getMessage(), e);
        } finally {
            removeQuietly(staging);
        }
        return new StoredObject(digest, size, key);
    }

    @Override
    public StoredObject put(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return put(in);
        }
    }

    @Override
    public StoredObject put(byte[] bytes) throws IOException {
        return put(new ByteArrayInputStream(bytes));
    }

    @Override
    public InputStream open(String digest) throws IOException {
        String key = ObjectKeys.forDigest(digest);
        try {
            InputStream raw = client.getObject(
                    GetObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return new VerifyingInputStream(raw, digest);
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) throw new ArtifactNotFoundException(digest);
            throw new IOException("reading " + key + " failed: " + e.getMessage(), e);
        } catch (MinioException e) {
            throw new IOException("reading " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] readAllBytes(String digest) throws IOException {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void download(String digest, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, "." + absolute.getFileName(), ".partial");
        try (InputStream in = open(digest);
                OutputStream out = Files.newOutputStream(partial)) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        try {
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // A target that is a non-empty directory (or on a read-only mount) refuses the move: no leftover then
            // either.
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    @Override
    public Optional<StoredObject> stat(String digest) {
        String key = ObjectKeys.forDigest(digest);
        try {
            var response = client.statObject(
                    StatObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return Optional.of(new StoredObject(digest, response.size(), key));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) return Optional.empty();
            throw failure("stat " + key, e);
        } catch (MinioException e) {
            throw failure("stat " + key, e);
        }
    }

    @Override
    public List<StoredObject> list() {
        List<StoredObject> objects = new ArrayList<>();
        Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder()
                .bucket(config.bucket())
                .prefix(ObjectKeys.ARTIFACT_PREFIX)
                .recursive(true)
                .build());
        for (Result<Item> result : results) {
            try {
                Item item = result.get();
                String digest = ObjectKeys.digestOf(item.objectName());
                objects.add(new StoredObject(digest, item.size(), item.objectName()));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring foreign object under {}: {}", ObjectKeys.ARTIFACT_PREFIX, e.getMessage());
            } catch (MinioException e) {
                throw failure("list " + config.bucket(), e);
            }
        }
        return objects;
    }

    /** Removes an artifact's object; used only by tests that simulate loss or corruption. */
    public void removeForTesting(String digest) {
        removeQuietly(ObjectKeys.forDigest(digest));
    }

    /** Overwrites an artifact's bytes in place; used only by tests that simulate corruption. */
    public void overwriteForTesting(String digest, byte[] bytes) throws MinioException {
        client.putObject(PutObjectArgs.builder().bucket(config.bucket()).object(ObjectKeys.forDigest(digest)).stream(
                        new ByteArrayInputStream(bytes), (long) bytes.length, null)
                .build());
    }

    public S3Config config() {
        return config;
    }

    private void removeQuietly(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder()
                    .bucket(config.bucket())
                    .object(key)
                    .build());
        } catch (MinioException e) {
            log.warn("could not remove {}: {}", key, e.getMessage());
        }
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code)
                || "NoSuchObject".equals(code)
                || "NotFound".equals(code)
                || (e.response() != null && e.response().code() == 404);
    }

    private StorageException failure(String what, MinioException e) {
        return new StorageException("could not " + what + " at " + config.endpoint() + ": " + e.getMessage(), e);
    }
}
