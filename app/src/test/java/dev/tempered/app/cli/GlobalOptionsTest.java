package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tempered.app.config.CallerDirectory;
import dev.tempered.app.config.LogFile;
import dev.tempered.app.config.TemperedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --config and --data-dir as typed in a folder other than the checkout. */
class GlobalOptionsTest {
    @TempDir
    Path root;

    private GlobalOptions options(String config, String dataDir) {
        GlobalOptions o = new GlobalOptions();
        o.configFile = config == null ? null : Path.of(config);
        o.dataDir = dataDir == null ? null : Path.of(dataDir);
        // Never the JVM's own environment: a TEMPERED_* variable set where the tests run must not change them.
        o.env = Map.of();
        return o;
    }

    @Test
    void tempered_yamlIsReadFromTheCallersDirectory() throws Exception {
        Path caller = Files.createDirectories(root.resolve("project"));
        Files.writeString(caller.resolve("tempered.yaml"), "web:\n  port: 9191\n");
        try (var ignored = new CallerDirectory(caller, root.resolve("checkout"))) {
            assertEquals(9191, options(null, null).config().webPort());
        }
    }

    @Test
    void aRelativeConfigIsFoundInTheCallersDirectory() throws Exception {
        Path caller = Files.createDirectories(root.resolve("project"));
        Files.writeString(caller.resolve("prod.yaml"), "s3:\n  bucket: prod-artifacts\n");
        try (var ignored = new CallerDirectory(caller, root.resolve("checkout"))) {
            assertEquals("prod-artifacts", options("prod.yaml", null).config().s3Bucket());
        }
    }

    @Test
    void aConfigFileThatDoesNotExistIsAnError() throws Exception {
        Path caller = Files.createDirectories(root.resolve("project"));
        try (var ignored = new CallerDirectory(caller, root.resolve("checkout"))) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> options("prdo.yaml", null).config());
            assertEquals("--config prdo.yaml: no such file (" + caller.resolve("prdo.yaml") + ")", e.getMessage());
        }
    }

    @Test
    void aRelativeDataDirIsTheCallersAndTheLogGoesUnderIt() throws Exception {
        Path caller = Files.createDirectories(root.resolve("project"));
        try (var ignored = new CallerDirectory(caller, root.resolve("checkout"))) {
            TemperedConfig c = options(null, "state").config();
            assertEquals(caller.resolve("state"), c.dataDir());
            assertEquals(caller.resolve("state").resolve("logs").resolve("tempered.log"), LogFile.current());
        }
    }

    @Test
    void tempered_log_dirSendsTheLogElsewhereResolvedInTheCallersDirectory() throws Exception {
        Path caller = Files.createDirectories(root.resolve("project"));
        try (var ignored = new CallerDirectory(caller, root.resolve("checkout"))) {
            GlobalOptions o = options(null, "state");
            o.env = Map.of("TEMPERED_LOG_DIR", "own-logs");
            assertEquals(caller.resolve("state"), o.config().dataDir());
            assertEquals(caller.resolve("own-logs").resolve("tempered.log"), LogFile.current());
        }
    }
}
