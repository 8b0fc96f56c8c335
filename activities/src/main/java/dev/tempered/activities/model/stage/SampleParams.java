package dev.tempered.activities.model.stage;

import dev.tempered.activities.stage.Param;
import java.util.List;

/** The {@code sample} stage's parameters (see {@link SampleStage}). */
public record SampleParams(
        @Param(doc = "Prompts to complete; each starts after a BOS token.")
        List<String> prompts,

        @Param(doc = "New tokens per prompt at most.", min = 1, max = 100_000)
        int maxTokens,

        @Param(doc = "Softmax temperature; 0 is greedy.", min = 0, max = 10)
        double temperature,

        @Param(doc = "Keep the k most likely tokens; 0 keeps all.", min = 0, max = 1 << 24)
        int topK,

        @Param(doc = "Nucleus: keep the most likely tokens up to this probability.", min = 1e-6, max = 1)
        double topP,

        @Param(doc = "Sampling seed; the same seed gives the same text (prompt i uses seed + i).", min = 0)
        long seed,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final SampleParams DEFAULTS = new SampleParams(
            List.of("The history of", "In this tutorial, we will", "The best way to learn", "Once upon a time"),
            64,
            0.8,
            50,
            0.95,
            1,
            "cpu");
}
