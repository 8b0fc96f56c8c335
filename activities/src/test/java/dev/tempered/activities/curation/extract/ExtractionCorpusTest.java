package dev.tempered.activities.curation.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The whole sample WARC (899 pages): every page gives text or a reason, never an exception;
 * the labelled fixtures are byte-identical to their WARC payloads. Prints the outcome counts
 * and single-thread throughput (for information; not asserted, the machine is shared).
 */
class ExtractionCorpusTest {

    @Test
    void everySamplePageGivesTextOrAReason() {
        List<WarcPages.Page> pages = WarcPages.read(WarcPages.SAMPLE);
        assertEquals(899, pages.size(), "sample.warc.gz should hold 899 responses");
        MainTextExtractor extractor = new MainTextExtractor();
        pages.forEach(p -> extractor.extract(p.body(), p.contentType(), p.url())); // warm-up for the JIT
        Map<String, Integer> outcomes = new TreeMap<>();
        long bytes = 0;
        long start = System.nanoTime();
        for (WarcPages.Page p : pages) {
            ExtractionResult r = extractor.extract(p.body(), p.contentType(), p.url());
            String key = r instanceof ExtractionResult.Failure f
                    ? f.reason()
                    : "text/" + r.metadata().get("charset") + "/" + r.metadata().get("charset_source");
            outcomes.merge(key, 1, Integer::sum);
            bytes += p.body().length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "%d pages, %.1f MB in %.2f s: %.0f pages/s, %.1f MB/s on one thread%n",
                pages.size(), bytes / 1e6, seconds, pages.size() / seconds, bytes / 1e6 / seconds);
        outcomes.forEach((k, v) -> System.out.printf("  %-40s %d%n", k, v));
        int failed = outcomes.entrySet().stream()
                .filter(e -> e.getKey().startsWith("extract:"))
                .mapToInt(Map.Entry::getValue)
                .sum();
        assertTrue(failed <= 10, "more pages than expected without text: " + outcomes);
    }

    @Test
    void fixturesAreTheWarcPayloads() {
        Map<String, byte[]> byUrl = WarcPages.read(WarcPages.SAMPLE).stream()
                .collect(Collectors.toMap(WarcPages.Page::url, WarcPages.Page::body, (a, b) -> a));
        for (ExtractionFixtures.Page f : ExtractionFixtures.load()) {
            byte[] warc = byUrl.get(f.url());
            assertNotNull(warc, "pages.tsv: " + f.id() + " has URL " + f.url() + ", which is not in the WARC");
            assertArrayEquals(warc, f.html(), "pages/" + f.id() + ".html differs from the WARC payload of " + f.url());
        }
    }
}
