package dev.tempered.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.CliRunner;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageStatus;
import dev.tempered.workflows.TaskQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code tempered run} client following a run notices when the platform it submitted to stops
 * (Ctrl-C of {@code ./tempered up}: the embedded Temporal server and the run with it are gone)
 * and ends with one line saying so and exit code 1, instead of waiting on Temporal's retries.
 */
class RunClientPlatformGoneTest {
    @TempDir
    Path root;

    @Test
    void aFollowingClientEndsWithOneLineWhenThePlatformStops() throws Exception {
        TemperedConfig config = TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        Platform platform = Platform.start(config);
        CliRunner.Result result;
        try {
            platform.own(Workers.start(platform, Set.copyOf(TaskQueues.ALL)));
            platform.publishPlatformFile("none");
            Path pipeline = root.resolve("long.yaml");
            Files.writeString(pipeline, "name: long\nstages:\n  - stage: noop\n    params: {duration_ms: 600000}\n");

            AtomicReference<CliRunner.Result> client = new AtomicReference<>();
            Thread following = new Thread(() -> client.set(
                    new CliRunner(root.resolve("none.yaml"), root.resolve("data")).run("run", pipeline.toString())));
            following.start();
            // Stop the platform once the run's stage is running, as a person presses Ctrl-C mid-run.
            Optional<PipelineRunRecord> running = Optional.empty();
            for (int i = 0; i < 600 && running.isEmpty(); i++) {
                Thread.sleep(100);
                running = platform.lineage().recentRuns(5).stream()
                        .filter(r -> r.pipeline().equals("long")
                                && r.stages().stream().anyMatch(s -> s.status() == StageStatus.RUNNING))
                        .findFirst();
            }
            assertTrue(running.isPresent(), "the run's stage started");
            platform.close();
            platform = null;

            // Generous: before the fix the client waited on Temporal's retries (about a minute in this
            // process, minutes after a real Ctrl-C) and then printed a gRPC message.
            following.join(60_000);
            assertFalse(following.isAlive(), "the client is still waiting on a platform that stopped");
            result = client.get();
            assertNotNull(result);
            assertEquals(1, result.exitCode(), result.out() + result.err());
            String id = running.get().id();
            assertTrue(
                    result.out().contains("run " + id + ": the platform stopped while it ran, so the run is lost"),
                    result.out());
        } finally {
            if (platform != null) platform.close();
        }
    }
}
