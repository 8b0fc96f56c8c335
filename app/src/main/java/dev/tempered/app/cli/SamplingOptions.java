package dev.tempered.app.cli;

import dev.tempered.activities.model.serve.GenerationSettings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The sampling options {@code sample} and {@code chat} share, with the {@code sample} stage's
 * defaults, checked by {@link GenerationSettings} before any service starts.
 */
public final class SamplingOptions {
    @Option(
            names = "--max-tokens",
            defaultValue = "64",
            description = "New tokens at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(
            names = "--top-k",
            defaultValue = "50",
            description = "Keep the k likeliest tokens, 0 keeps all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(
            names = "--top-p",
            defaultValue = "0.95",
            description = "Nucleus mass in (0, 1] (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed, same text (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The settings these options give, with {@code stop} strings (none for chat). */
    GenerationSettings settings(List<String> stop) {
        return new GenerationSettings(maxTokens, temperature, topK, topP, seed, stop);
    }
}
