package dev.tempered.activities.chat.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tempered.activities.stage.StageRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad probe params are named at submit time, through the definition's normalisation the CLI runs. */
class ProbeParamsTest {
    private static String refused(Map<String, Object> params) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> StageRegistry.get("probe", "p.yaml").normalize(params, "p.yaml: stages[5].params"))
                .getMessage();
    }

    @Test
    void moreRequiredCorrectThanSamplesIsRefused() {
        assertEquals(
                "p.yaml: stages[5].params: min_correct (4) is more than samples (3): no question could be known; "
                        + "lower min_correct or raise samples",
                refused(Map.of("samples", 3, "min_correct", 4)));
    }

    @Test
    void emptyRefusalTemplatesAreRefused() {
        assertEquals(
                "p.yaml: stages[5].params: refusal_templates is empty: probe needs at least one wording of "
                        + "\"I don't know\" to teach, e.g. \"I don't know {entity}'s {attribute}.\"",
                refused(Map.of("refusal_templates", List.of())));
    }

    @Test
    void aTemplateThatDoesNotReadAsARefusalOrHasAnUnknownPlaceholderIsRefused() {
        String notRefusal = refused(Map.of("refusal_templates", List.of("I don't know.", "Ask someone else.")));
        assertEquals(
                true,
                notRefusal.startsWith("p.yaml: stages[5].params: refusal_templates[1] 'Ask someone else.' "
                        + "does not read as a refusal"),
                notRefusal);
        assertEquals(
                "p.yaml: stages[5].params: refusal_templates[0] 'I don't know {name}.' has placeholder {name}; "
                        + "only {entity} and {attribute} exist",
                refused(Map.of("refusal_templates", List.of("I don't know {name}."))));
    }

    @Test
    void severalGreedySamplesAreRefused() {
        assertEquals(
                "p.yaml: stages[5].params: samples is 5 but temperature is 0: every sample would be the same greedy "
                        + "answer; set temperature > 0 (e.g. 0.7) or samples: 1",
                refused(Map.of("temperature", 0)));
    }

    @Test
    void theDefaultsAreValid() {
        Map<String, Object> p = StageRegistry.get("probe", "p.yaml").normalize(Map.of(), "p");
        assertEquals(5, ((Number) p.get("samples")).intValue());
        assertEquals(3, ((Number) p.get("min_correct")).intValue());
    }
}
