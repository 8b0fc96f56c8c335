package dev.tempered.app.cli;

import dev.tempered.app.config.TemperedConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes: where the configuration and the data directory are. */
public final class GlobalOptions {
    @Option(
            names = "--config",
            description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = TemperedConfig.DEFAULT_FILE)
    Path configFile;

    @Option(
            names = "--data-dir",
            description = "Embedded services' state (default: data_dir from the config, .tempered).")
    Path dataDir;

    public TemperedConfig config() {
        TemperedConfig config = TemperedConfig.load(configFile, System.getenv());
        return dataDir == null ? config : config.withDataDir(dataDir);
    }
}
