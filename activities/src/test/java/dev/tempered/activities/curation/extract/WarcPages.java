package dev.tempered.activities.curation.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/** Test utility: every HTTP response payload in a WARC file, with its URL and Content-Type. */
final class WarcPages {
    static final Path SAMPLE = Path.of("..", "examples", "data", "sample.warc.gz");

    record Page(String url, String contentType, byte[] body) {}

    private WarcPages() {}

    static List<Page> read(Path warc) {
        List<Page> pages = new ArrayList<>();
        try (WarcReader reader = new WarcReader(warc)) {
            for (WarcRecord record : reader) {
                if (!(record instanceof WarcResponse response)) continue;
                var http = response.http();
                String type = http.headers().first("Content-Type").orElse(null);
                pages.add(new Page(response.target(), type, http.body().stream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + warc + ": " + e.getMessage(), e);
        }
        return pages;
    }
}
