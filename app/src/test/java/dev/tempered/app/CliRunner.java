package dev.tempered.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the tempered CLI in-process against a data directory of its own, capturing its output. */
public final class CliRunner {
    public record Result(int exitCode, String out, String err) {}

    private final Path dataDir;
    private final Path config;

    CliRunner(Path root) throws Exception {
        this.dataDir = root.resolve("data");
        this.config = root.resolve("tempered.yaml");
        // Port 0: tests never collide with a dashboard someone has running on 8080.
        Files.writeString(config, "web:\n  port: 0\n");
    }

    /**
     * A runner for a configuration file and data directory. A file that does not exist yet is
     * created empty (every default): {@code --config} naming a missing file is an error.
     */
    public CliRunner(Path config, Path dataDir) {
        this.config = config;
        this.dataDir = dataDir;
        WorkerProcesses.ensureConfig(config);
    }

    /** Runs a command, asserts its exit code and returns its standard output. */
    public String expect(int exitCode, String... args) {
        Result r = run(args);
        org.junit.jupiter.api.Assertions.assertEquals(exitCode, r.exitCode(), r.out() + r.err());
        return r.out();
    }

    public synchronized Result run(String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        full.add("--config=" + config);
        full.add("--data-dir=" + dataDir);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(full.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        oldOut.println("$ tempered " + String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    Path dataDir() {
        return dataDir;
    }

    Path config() {
        return config;
    }
}
