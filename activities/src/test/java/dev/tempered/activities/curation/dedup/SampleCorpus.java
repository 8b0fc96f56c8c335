package dev.tempered.activities.curation.dedup;

import dev.tempered.activities.curation.Document;
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

/** The 899 pages of examples/data/sample.warc.gz as documents: URL and jsoup's visible text, in WARC order. */
final class SampleCorpus {
    static final Path WARC = Path.of("..", "examples", "data", "sample.warc.gz");
    private static List<Document> pages;

    private SampleCorpus() {}

    static synchronized List<Document> pages() {
        if (pages == null) {
            List<Document> out = new ArrayList<>();
            try (WarcReader reader = new WarcReader(WARC)) {
                for (WarcRecord record : reader) {
                    if (record instanceof WarcResponse response) {
                        byte[] body;
                        try (InputStream in = response.http().body().stream()) {
                            body = in.readAllBytes();
                        }
                        // Pages are UTF-8 or declare their charset in <meta>; jsoup sniffs the latter.
                        String text = Jsoup.parse(new java.io.ByteArrayInputStream(body), null, response.target())
                                .text();
                        out.add(new Document("sample-" + out.size(), response.target(), text));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pages = List.copyOf(out);
        }
        return pages;
    }

    static Document byUrlSuffix(String suffix) {
        return pages().stream()
                .filter(d -> d.url().endsWith(suffix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no page ending in " + suffix + " in " + WARC));
    }
}
