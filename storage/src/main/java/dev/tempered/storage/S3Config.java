package dev.tempered.storage;

import java.net.URI;

/**
 * Where artifacts live: any S3 API (MinIO, AWS S3, the embedded s3proxy).
 *
 * @param endpoint   base URL such as {@code http://127.0.0.1:9000}
 * @param accessKey  S3 access key id
 * @param secretKey  S3 secret key
 * @param bucket     bucket holding every artifact; created on start if missing (≥3 characters)
 * @param region     S3 region; MinIO and s3proxy accept the default
 * @param partSizeBytes multipart part size for streaming uploads of unknown length (≥5 MiB, the S3 minimum)
 */
public record S3Config(
        URI endpoint, String accessKey, String secretKey, String bucket, String region, long partSizeBytes) {
    public static final String DEFAULT_BUCKET = "tempered-artifacts";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final long DEFAULT_PART_SIZE_BYTES = 16L << 20;

    public S3Config {
        if (endpoint == null) throw new IllegalArgumentException("s3.endpoint is required");
        if (accessKey == null || accessKey.isBlank()) throw new IllegalArgumentException("s3.access_key is required");
        if (secretKey == null || secretKey.isBlank()) throw new IllegalArgumentException("s3.secret_key is required");
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{2,62}")) {
            throw new IllegalArgumentException("s3.bucket '" + bucket
                    + "' is not a valid bucket name (3-63 lower-case letters, digits, dots, hyphens)");
        }
        if (region == null || region.isBlank()) region = DEFAULT_REGION;
        if (partSizeBytes < (5L << 20)) {
            throw new IllegalArgumentException(
                    "s3.part_size_bytes " + partSizeBytes + " is below the S3 minimum of 5 MiB");
        }
    }

    public S3Config(URI endpoint, String accessKey, String secretKey, String bucket) {
        this(endpoint, accessKey, secretKey, bucket, DEFAULT_REGION, DEFAULT_PART_SIZE_BYTES);
    }

    @Override
    public String toString() {
        // Never print the secret, e.g. in logs of the effective configuration.
        return "S3Config[endpoint=" + endpoint + ", accessKey=" + accessKey + ", bucket=" + bucket + ", region="
                + region + "]";
    }
}
