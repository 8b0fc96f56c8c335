package dev.tempered.activities.curation.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.text.TsvEscapes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java predictor against the official fastText Python bindings on the same model and text:
 * reference-predictions.tsv was written by bench/lang/make_reference.py (300 texts: real UDHR
 * and Debian Handbook paragraphs in 64 languages plus tokeniser edge cases).
 */
class FastTextModelReferenceTest {
    private static final double TOLERANCE = 1e-4;

    @Test
    void topThreeLabelsAndProbabilitiesMatchOfficialFastText() throws Exception {
        FastTextModel model = LanguageIdentifier.lid176().model();
        List<String[]> rows = TsvFixture.rows("/lang/reference-predictions.tsv");
        assertEquals(300, rows.size(), "reference fixture size");
        double maxDiff = 0;
        for (String[] r : rows) {
            String text = TsvEscapes.unescape(r[7]);
            List<Prediction> got = model.predict(text.replace('\n', ' '), 3);
            assertEquals(3, got.size(), r[0]);
            for (int j = 0; j < 3; j++) {
                assertEquals(r[1 + 2 * j], got.get(j).label(), r[0] + " label " + (j + 1));
                double diff =
                        Math.abs(Double.parseDouble(r[2 + 2 * j]) - got.get(j).probability());
                assertTrue(diff <= TOLERANCE, r[0] + " probability " + (j + 1) + " differs by " + diff);
                maxDiff = Math.max(maxDiff, diff);
            }
        }
        System.out.println("reference agreement: " + rows.size() + " texts, max |p_java - p_fasttext| = " + maxDiff);
    }

    @Test
    void allLabelsSumToAboutOneAndComeBestFirst() {
        List<Prediction> all = LanguageIdentifier.lid176()
                .model()
                .predict("Der schnelle braune Fuchs springt über den faulen Hund.", FastTextModel.ALL_LABELS);
        assertEquals("de", all.get(0).label());
        for (int i = 1; i < all.size(); i++)
            assertTrue(all.get(i - 1).probability() >= all.get(i).probability());
        double sum = all.stream().mapToDouble(Prediction::probability).sum();
        // Scores are products of (p + 1e-5) along the tree and labels below 1e-5 are cut off.
        assertEquals(1.0, sum, 0.01);
    }
}
