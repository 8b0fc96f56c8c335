package dev.tempered.activities.curation.stage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.curation.DefaultCurationSteps;
import dev.tempered.activities.stage.StageRegistry;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.workflows.CurationActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A damaged raw-pages shard fails its activity with the shard and the line named. */
class CorruptShardTest {
    private static String run(byte[] shardBytes) throws Exception {
        StorageFixture fixture = StorageFixture.get();
        ArtifactPublisher publisher =
                new ArtifactPublisher(fixture.newArtifactStore("corrupt-shard"), fixture.lineage());
        String digest = publisher
                .publish(shardBytes, "raw-pages", "application/x-ndjson+gzip", Map.of())
                .digest();
        Map<String, Object> params = StageRegistry.get("curate", "test").normalize(Map.of(), "test.params");
        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(new CurationActivitiesImpl(publisher, new DefaultCurationSteps()));
            CurationActivities stub = env.newActivityStub(
                    CurationActivities.class,
                    ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(Duration.ofMinutes(1))
                            .setRetryOptions(RetryOptions.newBuilder()
                                    .setMaximumAttempts(1)
                                    .build())
                            .build());
            ActivityFailure failure = assertThrows(
                    ActivityFailure.class,
                    () -> stub.curateShard(new CurationActivities.ShardRequest(
                            java.util.UUID.randomUUID().toString(), 3, digest, params)));
            Throwable cause = failure.getCause();
            return cause.getMessage() + " " + digest;
        } finally {
            env.close();
        }
    }

    @Test
    void aShardThatIsNotGzipNamesItself() throws Exception {
        String message = run("this is not a gzip shard".getBytes(StandardCharsets.UTF_8));
        String digest = message.substring(message.lastIndexOf(' ') + 1);
        assertTrue(message.contains("shard 3 (" + digest + ")") && message.contains("not gzip"), message);
    }

    @Test
    void aLineThatIsNotARawPageIsNamedByLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"url\": \"http://example.org/\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        String message = run(bytes.toByteArray());
        assertTrue(message.contains("line 1 is not a raw page"), message);
    }
}
