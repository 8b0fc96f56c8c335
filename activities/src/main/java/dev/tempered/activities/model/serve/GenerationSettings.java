package dev.tempered.activities.model.serve;

import dev.tempered.activities.model.stage.SampleParams;
import java.util.List;

/**
 * How to complete one prompt: the {@code sample} stage's knobs plus stop strings. With the same
 * values (and stop strings empty) a completion equals the sample stage's for that prompt.
 *
 * @param maxTokens   new tokens at most, 1 or more
 * @param temperature 0 for greedy; 1 samples from the model's distribution
 * @param topK        keep the k most likely tokens; 0 keeps all
 * @param topP        nucleus mass in (0, 1]; 1 keeps all
 * @param seed        the same seed gives the same text
 * @param stop        generation ends before the first of these strings; none by default
 */
public record GenerationSettings(
        int maxTokens, double temperature, int topK, double topP, long seed, List<String> stop) {
    public GenerationSettings {
        if (maxTokens < 1) throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
        if (!(temperature >= 0 && temperature <= 100)) {
            throw new IllegalArgumentException("temperature must be from 0 (greedy) to 100, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("top-k must be 0 (keep all) or more, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        stop = stop == null ? List.of() : List.copyOf(stop);
        for (String s : stop) {
            if (s.isEmpty()) throw new IllegalArgumentException("a stop string is empty; give at least one character");
        }
    }

    /** The {@code sample} stage's defaults ({@link SampleParams#DEFAULTS}), without stop strings. */
    public static GenerationSettings defaults() {
        SampleParams d = SampleParams.DEFAULTS;
        return new GenerationSettings(d.maxTokens(), d.temperature(), d.topK(), d.topP(), d.seed(), List.of());
    }
}
