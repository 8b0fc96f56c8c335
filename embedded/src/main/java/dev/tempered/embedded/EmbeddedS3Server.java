package dev.tempered.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3 API on 127.0.0.1 served by s3proxy: objects as files under a directory (persistent) or
 * in memory (tests). Requests must be signed with the given access key (AWS v2 or v4).
 */
public final class EmbeddedS3Server implements AutoCloseable {
    private final S3Proxy proxy;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3Server(S3Proxy proxy, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Objects live under {@code objectsDir} (one sub-directory per bucket); port 0 picks a free port. */
    public static EmbeddedS3Server start(Path objectsDir, int port, String accessKey, String secretKey) {
        try {
            Files.createDirectories(objectsDir);
            return start(
                    new FilesystemNio2BlobStore(objectsDir.toAbsolutePath().toString()), port, accessKey, secretKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + objectsDir, e);
        }
    }

    /** Objects in memory, gone on close: for tests. */
    public static EmbeddedS3Server startTransient(String accessKey, String secretKey) {
        return start(new TransientNio2BlobStore(), 0, accessKey, secretKey);
    }

    private static EmbeddedS3Server start(BlobStore store, int port, String accessKey, String secretKey) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("s3proxy did not start within 30 s");
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "could not start the embedded S3 server on port " + port + ": " + e.getMessage(), e);
        }
        return new EmbeddedS3Server(proxy, accessKey, secretKey);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop: " + e.getMessage(), e);
        }
    }
}
