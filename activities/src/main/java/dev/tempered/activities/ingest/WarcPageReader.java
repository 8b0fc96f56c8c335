package dev.tempered.activities.ingest;

import dev.tempered.storage.DigestMismatchException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
 * Reads one WARC file (plain, or gzip with one member per record or per few records) into
 * {@link IngestItem}s, and goes on after a broken record.
 *
 * <p>We frame records ourselves and hand jwarc one record (plain) or one gzip member at a time,
 * because jwarc's reader stops for good at the first bad record. When a record or member cannot
 * be read, one {@code Malformed} item names its offset and reason ({@code malformed-record},
 * {@code malformed-gzip}, {@code bad-record-length}, {@code truncated}), and reading resumes at the
 * next place after the broken record's first byte where a record really starts: a gzip magic
 * {@code 1f 8b 08} whose member inflates, checks and parses, or a {@code WARC/1.} line whose
 * header parses and whose block ends in {@code CRLF CRLF}. Candidates that fail while
 * resynchronising are not counted again. A file that starts with neither is {@code not-warc}
 * at offset 0 and not scanned further.
 *
 * <p>Deterministic: the same bytes give the same items, so ingest resumes by item count.
 * A Content-Length larger than the real block swallows the records it covers (they cannot be told
 * from a payload that contains WARC text); a smaller one is found by the missing CRLF CRLF.
 */
final class WarcPageReader implements AutoCloseable {
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b, 0x08};
    private static final byte[] WARC_MAGIC = "WARC/1.".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER_BYTES = 64 << 10;

    private final ByteSource source;
    private final String sourceDigest;
    private final long maxBodyBytes;
    private final Set<String> contentTypes;
    private final Deque<IngestItem> pending = new ArrayDeque<>();
    private boolean started;
    private boolean gzip;
    private boolean resyncing;
    private boolean done;

    WarcPageReader(InputStream in, String sourceDigest, long maxBodyBytes, Set<String> contentTypes) {
        this.source = new ByteSource(in);
        this.sourceDigest = sourceDigest;
        this.maxBodyBytes = maxBodyBytes;
        this.contentTypes = contentTypes;
    }

    /** The next item, or null at the end of the file. */
    IngestItem next() {
        try {
            while (pending.isEmpty() && !done) step();
        } catch (DigestMismatchException e) {
            // Storage corruption is not a property of the WARC: fail the attempt, do not count it.
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            // Reading the source itself failed (not its content): report it, as before, and stop.
            done = true;
            pending.add(new IngestItem.Malformed("unreadable", source.position(), e.getMessage(), true));
        }
        return pending.poll();
    }

    private void step() throws IOException {
        if (!started) {
            started = true;
            sniff();
            return;
        }
        long start = source.position();
        if (atEnd()) {
            done = true;
            return;
        }
        source.mark();
        List<IngestItem> items = new ArrayList<>();
        try {
            if (gzip) readMember(start, items);
            else readPlainRecord(start, items);
            pending.addAll(items);
            resyncing = false;
        } catch (DigestMismatchException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            if (!resyncing) {
                pending.add(new IngestItem.Malformed(reason(e, start), start, String.valueOf(e.getMessage()), false));
                resyncing = true;
            }
            source.rewindToAfterMark();
            if (!scanTo(gzip ? GZIP_MAGIC : WARC_MAGIC, !gzip)) done = true;
        }
    }

    private static String reason(Exception e, long start) {
        if (e instanceof EOFException) return "truncated";
        if (e instanceof ZipException) return "malformed-gzip";
        if (e instanceof BadRecordLength) return "bad-record-length";
        return start == 0 ? "not-warc" : "malformed-record";
    }

    /** Decides plain or gzip from the first bytes; anything else is not a WARC file. */
    private void sniff() throws IOException {
        byte[] head = new byte[WARC_MAGIC.length];
        int n = 0;
        while (n < head.length) {
            int r = source.read(head, n, head.length - n);
            if (r < 0) break;
            n += r;
        }
        source.unread(head, 0, n);
        if (n == 0) {
            done = true;
        } else if (n >= 2 && head[0] == GZIP_MAGIC[0] && head[1] == GZIP_MAGIC[1]) {
            gzip = true;
        } else if (!startsWith(head, n, WARC_MAGIC)) {
            done = true;
            pending.add(new IngestItem.Malformed(
                    "not-warc", 0, "the file starts with neither a gzip header nor 'WARC/1.'", true));
        }
    }

    private boolean atEnd() throws IOException {
        int b = source.read();
        if (b < 0) return true;
        source.unread(new byte[] {(byte) b}, 0, 1);
        return false;
    }

    /** All records of one gzip member; any failure in it (inflate, CRC, WARC parse) fails the member. */
    private void readMember(long start, List<IngestItem> items) throws IOException {
        try (GzipMemberInput member = new GzipMemberInput(source)) {
            try {
                WarcReader reader = new WarcReader(member);
                Optional<WarcRecord> record;
                while ((record = reader.next()).isPresent()) items.add(toItem(record.get(), start));
            } catch (ParsingException | IllegalArgumentException e) {
                // Garbage from damaged deflate data parses badly first; the member's CRC names the real cause.
                member.drain();
                throw e;
            }
            member.drain();
        }
    }

    /** One uncompressed record: header to CRLF CRLF, Content-Length bytes of block, CRLF CRLF. */
    private void readPlainRecord(long start, List<IngestItem> items) throws IOException {
        byte[] header = readHeader();
        if (!startsWith(header, header.length, WARC_MAGIC))
            throw new ParsingException("record does not start with 'WARC/1.'");
        long length = contentLength(header);
        BoundedInput block = new BoundedInput(source, length);
        WarcReader reader = new WarcReader(new SequenceInputStream(new ByteArrayInputStream(header), block));
        Optional<WarcRecord> record = reader.next();
        if (record.isEmpty()) throw new ParsingException("no record in " + header.length + " header bytes");
        IngestItem item = toItem(record.get(), start);
        block.drain();
        byte[] trailer = new byte[4];
        for (int i = 0; i < 4; i++) {
            int b = source.read();
            if (b < 0) throw new EOFException("record at " + start + " ends before its CRLF CRLF");
            trailer[i] = (byte) b;
        }
        if (!new String(trailer, StandardCharsets.ISO_8859_1).equals("\r\n\r\n")) {
            throw new BadRecordLength(
                    "record at " + start + " with Content-Length " + length + " is not followed by CRLF CRLF");
        }
        items.add(item);
    }

    private byte[] readHeader() throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        int last4 = 0;
        while (true) {
            int b = source.read();
            if (b < 0) throw new EOFException("WARC header cut short after " + out.size() + " bytes");
            out.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) return out.toByteArray();
            if (out.size() > MAX_HEADER_BYTES)
                throw new ParsingException("WARC header longer than " + MAX_HEADER_BYTES + " bytes");
        }
    }

    private static long contentLength(byte[] header) throws ParsingException {
        for (String line : new String(header, StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    long n = Long.parseLong(line.substring(colon + 1).trim());
                    if (n >= 0) return n;
                } catch (NumberFormatException e) {
                    // Reported below with the value.
                }
                throw new ParsingException(
                        "bad Content-Length '" + line.substring(colon + 1).trim() + "'");
            }
        }
        throw new ParsingException("WARC header has no Content-Length");
    }

    /**
     * Reads forward to the next {@code magic} (at a line start when {@code lineStart}) and stands on
     * it; false at the end of the file.
     */
    private boolean scanTo(byte[] magic, boolean lineStart) throws IOException {
        byte[] buf = new byte[(1 << 16) + magic.length + 1];
        int carry = 0;
        // The byte before the scan start is a failed record's first byte, never a newline.
        boolean prevNewline = false;
        while (true) {
            int n = source.read(buf, carry, buf.length - carry);
            if (n < 0) return false;
            int len = carry + n;
            for (int i = 0; i + magic.length <= len; i++) {
                boolean afterNewline = i == 0 ? prevNewline : buf[i - 1] == '\n';
                if ((!lineStart || afterNewline) && startsWith(buf, i, len, magic)) {
                    source.unread(buf, i, len - i);
                    return true;
                }
            }
            // Keep the tail that could begin a magic split across reads (and the newline before it).
            int keep = Math.min(len, magic.length);
            prevNewline = len - keep > 0 && buf[len - keep - 1] == '\n' || (len - keep == 0 && prevNewline);
            System.arraycopy(buf, len - keep, buf, 0, keep);
            carry = keep;
            if (n == 0) return false;
        }
    }

    private static boolean startsWith(byte[] b, int len, byte[] magic) {
        return startsWith(b, 0, len, magic);
    }

    private static boolean startsWith(byte[] b, int off, int len, byte[] magic) {
        if (len - off < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if (b[off + i] != magic[i]) return false;
        return true;
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
        String base = type == null
                ? "application/octet-stream"
                : type.base().toString().toLowerCase(Locale.ROOT);
        if (!contentTypes.contains(base)) return new IngestItem.Skipped("content-type:" + base);
        if (http.status() < 200 || http.status() >= 300) return new IngestItem.Skipped("http-status:" + http.status());
        byte[] body;
        try (InputStream bodyStream = http.bodyDecoded().stream()) {
            body = bodyStream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        }
        if (body.length > maxBodyBytes) return new IngestItem.Skipped("body-over-limit");
        if (body.length == 0) return new IngestItem.Skipped("empty-body");
        String charset = type == null ? null : type.parameters().get("charset");
        return new IngestItem.Page(new RawPage(
                response.target(),
                response.date(),
                base,
                charset == null ? null : charset.toLowerCase(Locale.ROOT),
                http.status(),
                sourceDigest,
                offset,
                body));
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** A block shorter than its Content-Length says: the record's framing is wrong. */
    private static final class BadRecordLength extends IOException {
        BadRecordLength(String message) {
            super(message);
        }
    }

    /** The next {@code length} bytes of the source, for one record's block; EOF before them is truncation. */
    private static final class BoundedInput extends InputStream {
        private final ByteSource source;
        private long left;

        BoundedInput(ByteSource source, long length) {
            this.source = source;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) return -1;
            int n = source.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new EOFException("record block cut short, " + left + " bytes missing");
            left -= n;
            return n;
        }

        void drain() throws IOException {
            byte[] skip = new byte[1 << 14];
            while (read(skip, 0, skip.length) >= 0) {
                /* discard */
            }
        }
    }
}
