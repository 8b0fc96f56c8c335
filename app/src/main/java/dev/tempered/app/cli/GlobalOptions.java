package dev.tempered.app.cli;

import dev.tempered.app.config.CallerPaths;
import dev.tempered.app.config.LogFile;
import dev.tempered.app.config.TemperedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: where the configuration and the data directory are. */
public final class GlobalOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: " + TemperedConfig.DEFAULT_FILE
                    + " in the current directory, when there is one).")
    Path configFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Embedded services' state and logs (default: data_dir from the config, else .tempered in "
                    + "the Tempered checkout).")
    Path dataDir;

    /** The environment the settings are read from; tests give their own instead of changing the JVM's. */
    Map<String, String> env = System.getenv();

    /**
     * The configuration, with every path resolved against the caller's directory. The default file
     * is optional; a file named with {@code --config} must exist (a typo would otherwise silently
     * start an embedded platform instead of reaching the configured services). Logging moves to
     * {@code DATA_DIR/logs} (or {@code TEMPERED_LOG_DIR}) once the data directory is known.
     */
    public TemperedConfig config() {
        Path file;
        if (configFile == null) {
            file = CallerPaths.resolve(Path.of(TemperedConfig.DEFAULT_FILE));
        } else {
            file = CallerPaths.resolve(configFile);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--config " + configFile + ": no such file (" + file + ")");
            }
        }
        TemperedConfig config = TemperedConfig.load(file, env);
        if (dataDir != null) config = config.withDataDir(CallerPaths.resolve(dataDir));
        // TEMPERED_LOG_DIR keeps several processes sharing one data directory in separate logs (tests do).
        String logDir = env.get("TEMPERED_LOG_DIR");
        LogFile.useDirectory(
                logDir == null || logDir.isBlank()
                        ? config.dataDir().resolve("logs")
                        : CallerPaths.resolve(Path.of(logDir)));
        return config;
    }
}
