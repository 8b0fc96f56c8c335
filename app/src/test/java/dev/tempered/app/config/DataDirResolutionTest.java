package dev.tempered.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the data directory is, typed from a folder other than the checkout: the default stays in
 * the checkout (so {@code run} from anywhere finds the platform {@code up} started), a relative
 * {@code data_dir} is relative to the file that says it, a relative variable to the caller.
 */
class DataDirResolutionTest {
    @TempDir
    Path root;

    @Test
    void unsetItIsDotTemperedInTheCheckoutWhereverTheCommandIsTyped() throws Exception {
        Path home = Files.createDirectories(root.resolve("tempered"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        try (var ignored = new CallerDirectory(elsewhere, home)) {
            TemperedConfig c = TemperedConfig.load(elsewhere.resolve("tempered.yaml"), Map.of());
            assertEquals(home.resolve(".tempered"), c.dataDir());
        }
    }

    @Test
    void aRelativeDataDirInTheFileIsRelativeToTheFile() throws Exception {
        Path configs = Files.createDirectories(root.resolve("configs"));
        Path file = Files.writeString(configs.resolve("tempered.yaml"), "data_dir: state\n");
        try (var ignored = new CallerDirectory(root.resolve("elsewhere"), root.resolve("tempered"))) {
            assertEquals(
                    configs.resolve("state"),
                    TemperedConfig.load(file, Map.of()).dataDir());
        }
    }

    @Test
    void aRelativeVariableIsRelativeToTheCaller() throws Exception {
        Path elsewhere = root.resolve("elsewhere");
        try (var ignored = new CallerDirectory(elsewhere, root.resolve("tempered"))) {
            TemperedConfig c = TemperedConfig.load(null, Map.of("TEMPERED_DATA_DIR", "../state"));
            assertEquals(root.resolve("state"), c.dataDir());
        }
    }
}
