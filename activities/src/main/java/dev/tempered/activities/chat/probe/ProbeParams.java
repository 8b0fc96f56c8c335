package dev.tempered.activities.chat.probe;

import dev.tempered.activities.chat.facts.FactJudge;
import dev.tempered.activities.model.stage.ModelDevices;
import dev.tempered.activities.stage.Param;
import dev.tempered.activities.stage.StageParams;
import java.util.List;
import java.util.Map;

/**
 * Parameters of stage {@code probe} (see {@link ProbeStage}). The defaults follow the talk's
 * description of Llama 3's recipe: ask each question several times at a moderate temperature; a
 * question answered right in most samples is known, one never answered right is unknown.
 */
public record ProbeParams(
        @Param(doc = "Answers drawn per question (k).", min = 1, max = 64)
        int samples,

        @Param(
                doc = "Correct answers of the k that make a question known (m); must be at most samples.",
                min = 1,
                max = 64)
        int minCorrect,

        @Param(doc = "Sampling temperature; above 0 when samples > 1, or every sample is the same.", min = 0, max = 10)
        double temperature,

        @Param(doc = "Keep the k most likely tokens; 0 keeps all.", min = 0, max = 1 << 24)
        int topK,

        @Param(doc = "Nucleus: keep the most likely tokens up to this probability; 1 keeps all.", min = 1e-6, max = 1)
        double topP,

        @Param(doc = "New tokens per answer at most; the ideal answers take under 20.", min = 1, max = 10_000)
        int maxTokens,

        @Param(doc = "Questions asked at most, the first by id; 0 asks every one.", min = 0, max = 10_000_000)
        int maxQuestions,

        @Param(
                doc = "Questions per batch activity: a killed worker costs at most one batch; rows per generation "
                        + "call are questions × samples.",
                min = 1,
                max = 4096)
        int batchSize,

        @Param(doc = "Sampling seed: with the same model and questions, the same answers.", min = 0)
        long seed,

        @Param(
                doc = "Wordings of \"I don't know\" taught for unknown questions, with {entity} and {attribute}; "
                        + "each must read as a refusal.")
        List<String> refusalTemplates,

        @Param(
                doc = ModelDevices.DOC,
                choices = {"cpu", "gpu"})
        String device) {

    public static final ProbeParams DEFAULTS =
            new ProbeParams(5, 3, 0.7, 0, 1.0, 48, 2000, 64, 0, RefusalTemplates.DEFAULTS, "cpu");

    public ProbeParams {
        refusalTemplates = List.copyOf(refusalTemplates);
        if (minCorrect > samples) {
            throw new IllegalArgumentException("min_correct (" + minCorrect + ") is more than samples (" + samples
                    + "): no question could be known; lower min_correct or raise samples");
        }
        if (samples > 1 && temperature == 0) {
            throw new IllegalArgumentException("samples is " + samples + " but temperature is 0: every sample would "
                    + "be the same greedy answer; set temperature > 0 (e.g. 0.7) or samples: 1");
        }
        RefusalTemplates.validate(refusalTemplates, new FactJudge());
    }

    /** From the stage's params (normalised or not: missing ones take their defaults). */
    public static ProbeParams of(Map<String, Object> p) {
        return StageParams.read(p, ProbeParams.class);
    }
}
