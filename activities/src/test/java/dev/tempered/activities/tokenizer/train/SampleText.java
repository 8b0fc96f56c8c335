package dev.tempered.activities.tokenizer.train;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * Test corpus: the visible text of the 899 pages of examples/data/sample.warc.gz, in WARC order,
 * with the line breaks and runs of spaces of the page kept (jsoup's {@code wholeText}), so that
 * the newline and whitespace branches of the split pattern see real input.
 */
final class SampleText {
    static final Path WARC = Path.of("..", "examples", "data", "sample.warc.gz");
    private static List<String> pages;

    private SampleText() {}

    static synchronized List<String> pages() {
        if (pages == null) {
            List<String> out = new ArrayList<>();
            try (WarcReader reader = new WarcReader(WARC)) {
                for (WarcRecord record : reader) {
                    if (!(record instanceof WarcResponse response)) continue;
                    byte[] body;
                    try (InputStream in = response.http().body().stream()) {
                        body = in.readAllBytes();
                    }
                    // The charset comes from the page's <meta> or jsoup's sniffing (no HTTP charset).
                    var doc = Jsoup.parse(new ByteArrayInputStream(body), null, response.target());
                    out.add(doc.body().wholeText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + WARC + ": " + e.getMessage(), e);
            }
            pages = List.copyOf(out);
        }
        return pages;
    }

    /** The first {@code n} pages. */
    static List<String> first(int n) {
        return pages().subList(0, Math.min(n, pages().size()));
    }
}
