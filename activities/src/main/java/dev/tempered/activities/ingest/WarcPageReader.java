package dev.tempered.activities.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import dev.tempered.storage.DigestMismatchException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipException;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.ParsingException;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * Reads one WARC file (plain or gzip per record) record by record into {@link IngestItem}s.
 *
 * <p>Does not resynchronise after corruption: once a record cannot be parsed, the rest of the
 * file is reported as one fatal malformed item at that offset, and the pages before it stand.
 */
final class WarcPageReader implements AutoCloseable {
    private final InputStream in;
    private final String sourceDigest;
    private final long maxBodyBytes;
    private final Set<String> contentTypes;
    private WarcReader reader;
    private boolean done;

    WarcPageReader(InputStream in, String sourceDigest, long maxBodyBytes, Set<String> contentTypes) {
        this.in = in;
        this.sourceDigest = sourceDigest;
        this.maxBodyBytes = maxBodyBytes;
        this.contentTypes = contentTypes;
    }

    /** The next item, or null at the end of the file (also after a fatal malformed item). */
    IngestItem next() {
        if (done) return null;
        long offset = 0;
        try {
            if (reader == null) reader = new WarcReader(in);
            offset = reader.position();
            Optional<WarcRecord> next = reader.next();
            if (next.isEmpty()) {
                done = true;
                return null;
            }
            offset = reader.position();
            return toItem(next.get(), offset);
        } catch (DigestMismatchException e) {
            // Storage corruption is not a property of the WARC: fail the attempt, do not count it.
            throw new UncheckedIOException(e);
        } catch (ParsingException e) {
            done = true;
            return new IngestItem.Malformed(offset == 0 ? "not-warc" : "malformed-record", offset, e.getMessage(), true);
        } catch (EOFException | ZipException e) {
            done = true;
            return new IngestItem.Malformed("truncated", offset, e.getMessage(), true);
        } catch (IOException e) {
            done = true;
            String reason = offset == 0 && e.getMessage() != null && e.getMessage().contains("WARC") ? "not-warc" : "unreadable";
            return new IngestItem.Malformed(reason, offset, e.getMessage(), true);
        } catch (IllegalArgumentException e) {
            done = true;
            return new IngestItem.Malformed("malformed-record", offset, e.getMessage(), true);
        }
    }

    private IngestItem toItem(WarcRecord record, long offset) throws IOException {
        if (!(record instanceof WarcResponse response)) {
            return new IngestItem.Skipped("warc-type:" + record.type().toLowerCase(Locale.ROOT));
        }
        HttpResponse http;
        try {
            http = response.http();
        } catch (ParsingException e) {
            // The WARC framing is intact, so the next record can still be read.
            return new IngestItem.Malformed("malformed-http", offset, e.getMessage(), false);
        }
        MediaType type = http.contentType();
        String base = type == null ? "application/octet-stream" : type.base().toString().toLowerCase(Locale.ROOT);
        if (!contentTypes.contains(base)) return new IngestItem.Skipped("content-type:" + base);
        if (http.status() < 200 || http.status() >= 300) return new IngestItem.Skipped("http-status:" + http.status());
        byte[] body;
        try (InputStream bodyStream = http.bodyDecoded().stream()) {
            body = bodyStream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        }
        if (body.length > maxBodyBytes) return new IngestItem.Skipped("body-over-limit");
        if (body.length == 0) return new IngestItem.Skipped("empty-body");
        String charset = type == null ? null : type.parameters().get("charset");
        return new IngestItem.Page(new RawPage(response.target(), response.date(), base,
                charset == null ? null : charset.toLowerCase(Locale.ROOT), http.status(), sourceDigest, offset, body));
    }

    @Override
    public void close() throws IOException {
        if (reader != null) reader.close();
        else in.close();
    }
}
