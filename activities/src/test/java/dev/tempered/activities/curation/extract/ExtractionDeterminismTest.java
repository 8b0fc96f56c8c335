package dev.tempered.activities.curation.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The same page always gives the same text: equal container scores are broken in page order,
 * not by object identity. The spam mail below has two equally scored blocks.
 */
class ExtractionDeterminismTest {
    @Test
    void tiedContainerScoresResolveTheSameWayEveryTime() {
        WarcPages.Page page = WarcPages.read(WarcPages.SAMPLE).stream()
                .filter(p -> p.url().endsWith("spam-2/00364.html"))
                .findFirst()
                .orElseThrow();
        String first = text(new MainTextExtractor().extract(page.body(), null, page.url()));
        for (int i = 0; i < 30; i++) {
            assertEquals(
                    first, text(new MainTextExtractor().extract(page.body(), null, page.url())), "extraction " + i);
        }
    }

    private static String text(ExtractionResult r) {
        return r instanceof ExtractionResult.Text t ? t.text() : ((ExtractionResult.Failure) r).reason();
    }
}
