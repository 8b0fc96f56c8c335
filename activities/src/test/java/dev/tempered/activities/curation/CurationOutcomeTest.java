package dev.tempered.activities.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tempered.activities.InvalidStageInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Curation that keeps nothing fails naming its input and the step and reasons that dropped it all. */
class CurationOutcomeTest {
    private static final String RAW = "3f9a0c1b2d4e" + "0".repeat(52);

    private static Map<String, Object> step(long in, long out, Map<String, Long> drops) {
        return Map.of("docs_in", in, "docs_out", out, "bytes_in", in * 100, "bytes_out", out * 100, "drops", drops);
    }

    @Test
    void everyPageDroppedNamesTheStepAndItsTopReasons() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url_filter", step(1200, 1150, Map.of("url:blocklist", 50L)));
        m.put(
                "language",
                step(
                        1150,
                        0,
                        Map.of("language:de", 700L, "language:fr", 400L, "language:ja", 40L, "language:ru", 10L)));
        InvalidStageInputException e = assertThrows(
                InvalidStageInputException.class, () -> CurationOutcome.requireDocs(Funnel.fromMap(m), RAW, 0));
        assertEquals(
                "curate kept no documents of the 1,200 pages in raw-pages manifest 3f9a0c1b2d4e: step language"
                        + " dropped 1,150 (language:de 700, language:fr 400, language:ja 40). Loosen that step's params"
                        + " (e.g. languages, language_threshold, quality_filters) or give other sources.",
                e.getMessage());
    }

    @Test
    void noPagesInSaysTheIngestFoundNone() {
        Map<String, Object> m = Map.of("url_filter", step(0, 0, Map.of()));
        assertEquals(
                "curate got no pages from raw-pages manifest 3f9a0c1b2d4e: the ingest before it found none; check"
                        + " that stage's sources.",
                assertThrows(
                                InvalidStageInputException.class,
                                () -> CurationOutcome.requireDocs(Funnel.fromMap(m), RAW, 0))
                        .getMessage());
    }

    @Test
    void anyDocumentKeptPasses() {
        CurationOutcome.requireDocs(Funnel.fromMap(Map.of("language", step(10, 1, Map.of("language:de", 9L)))), RAW, 1);
    }
}
