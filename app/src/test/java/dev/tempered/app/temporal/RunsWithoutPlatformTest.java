package dev.tempered.app.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.app.CliRunner;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.platform.PlatformFile;
import dev.tempered.storage.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs}, {@code show} and {@code cancel} with no platform up read lineage from the data directory's
 * PostgreSQL alone (no S3, no Temporal to start); since no Temporal server runs for it, a run
 * recorded as running when the platform stopped is shown, and recorded, as lost.
 */
class RunsWithoutPlatformTest {
    @TempDir
    Path root;

    @Test
    void runsAndShowWithoutAPlatformListLineageAndSayARunThePlatformWasRunningIsLost() throws Exception {
        TemperedConfig config = TemperedConfig.load(null, Map.of()).withDataDir(root.resolve("data"));
        try (Platform p = Platform.start(config)) {
            p.lineage().beginPipelineRun("stopped-1", "ghost", Map.of("name", "ghost", "stages", List.of()), "x");
        }
        assertTrue(PlatformFile.readLive(root.resolve("data")).isEmpty(), "no platform is up");
        CliRunner cli = new CliRunner(root.resolve("none.yaml"), root.resolve("data"));

        var runs = Json.MAPPER.readTree(cli.expect(0, "runs", "--json"));
        assertEquals(1, runs.size());
        assertEquals("stopped-1", runs.get(0).get("id").asText());
        assertEquals("lost", runs.get(0).get("status").asText());
        assertEquals(LostRunReconciler.RESTARTED, runs.get(0).get("error").asText());
        String show = cli.expect(0, "show", "stopped");
        assertTrue(show.startsWith("run stopped-1  pipeline ghost  lost  created "), show);
        String text = cli.expect(0, "runs");
        assertTrue(text.contains("'tempered cancel RUN' clears a lost run to cancelled"), text);

        // Cleared without a platform too: no Temporal is needed to record a lost run cancelled.
        String cancelled = cli.expect(0, "cancel", "stopped-1");
        assertTrue(cancelled.contains("run stopped-1 was lost") && cancelled.contains("marked cancelled"), cancelled);
        assertEquals(
                "cancelled",
                Json.MAPPER
                        .readTree(cli.expect(0, "show", "stopped-1", "--json"))
                        .get("status")
                        .asText());
    }
}
