package dev.tempered.app.cli;

import dev.tempered.activities.model.serve.GenerationSettings;
import java.io.PrintStream;
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

    /**
     * {@code settings} fitted to a model's context for one prompt. A prompt that leaves no room is
     * an error (the sampler would otherwise drop its start without a word); asking for more tokens
     * than the context leaves is cut to what fits, with a notice on {@code notices}, because the
     * model cannot attend to more than its context and would slide past the prompt.
     *
     * @param promptTokens the prompt's tokens, start token included
     */
    static GenerationSettings fitToContext(
            GenerationSettings settings, int context, int promptTokens, PrintStream notices) {
        int left = context - promptTokens;
        if (left < 1) {
            throw new IllegalArgumentException("--prompt is " + promptTokens + " tokens (start token included) and the"
                    + " model's context is " + context + " tokens, leaving no room for a completion; shorten it");
        }
        if (settings.maxTokens() <= left) return settings;
        notices.println("tempered: --max-tokens " + settings.maxTokens() + " is more than the " + left
                + " tokens the model's " + context + "-token context leaves after the " + promptTokens
                + "-token prompt; generating at most " + left);
        return new GenerationSettings(
                left, settings.temperature(), settings.topK(), settings.topP(), settings.seed(), settings.stop());
    }

    /** The settings these options give, with {@code stop} strings (none for chat). */
    GenerationSettings settings(List<String> stop) {
        return new GenerationSettings(maxTokens, temperature, topK, topP, seed, stop);
    }
}
