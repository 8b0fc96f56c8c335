package dev.tempered.bench.curation;

import dev.tempered.activities.ingest.RawPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * Reads a WARC into {@link RawPage}s the way ingest's {@code WarcPageReader} does with the
 * {@code ingest} stage's defaults: response records, media types text/html,
 * application/xhtml+xml and text/plain, HTTP 2xx, bodies up to 10 MiB after Content-Encoding
 * is undone. Not handled: malformed records end the file with an exception (ingest reports
 * them as malformed items), and nothing is counted of what is skipped.
 */
final class WarcPages implements AutoCloseable {
    static final Set<String> CONTENT_TYPES = Set.of("text/html", "application/xhtml+xml", "text/plain");
    static final long MAX_BODY_BYTES = 10L << 20;

    private final WarcReader reader;
    private final String sourceDigest;

    WarcPages(Path warc, String sourceDigest) throws IOException {
        this.reader = new WarcReader(Files.newInputStream(warc));
        this.sourceDigest = sourceDigest;
    }

    /** The next page, or null at the end of the file. */
    RawPage next() {
        try {
            while (true) {
                long offset = reader.position();
                Optional<WarcRecord> next = reader.next();
                if (next.isEmpty()) return null;
                offset = reader.position();
                RawPage page = toPage(next.get(), offset);
                if (page != null) return page;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "reading the WARC at offset " + reader.position() + ": " + e.getMessage(), e);
        }
    }

    private RawPage toPage(WarcRecord record, long offset) throws IOException {
        if (!(record instanceof WarcResponse response)) return null;
        HttpResponse http = response.http();
        MediaType type = http.contentType();
        String base = type == null
                ? "application/octet-stream"
                : type.base().toString().toLowerCase(Locale.ROOT);
        if (!CONTENT_TYPES.contains(base) || http.status() < 200 || http.status() >= 300) return null;
        byte[] body;
        try (InputStream in = http.bodyDecoded().stream()) {
            body = in.readNBytes((int) (MAX_BODY_BYTES + 1));
        }
        if (body.length == 0 || body.length > MAX_BODY_BYTES) return null;
        String charset = type == null ? null : type.parameters().get("charset");
        return new RawPage(
                response.target(),
                response.date(),
                base,
                charset == null ? null : charset.toLowerCase(Locale.ROOT),
                http.status(),
                sourceDigest,
                offset,
                body);
    }

    /** SHA-256 of the file in hex, the digest ingest would give the source artifact. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
