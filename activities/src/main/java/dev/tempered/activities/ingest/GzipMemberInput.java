package dev.tempered.activities.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The inflated bytes of exactly one gzip member (RFC 1952) read from a {@link ByteSource}, so
 * that a WARC written one member per record can be read member by member. At the member's end
 * the CRC-32 and length in its trailer are checked, and any input read past the trailer is handed
 * back to the source, which then stands on the next member's first byte.
 */
final class GzipMemberInput extends InputStream {
    private static final int FTEXT_FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;

    private final ByteSource source;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[1 << 14];
    private int inputLength;
    private long inflated;
    private boolean finished;

    /** Reads the member header; throws ZipException if the bytes there are not one. */
    GzipMemberInput(ByteSource source) throws IOException {
        this.source = source;
        if (u8() != 0x1f || u8() != 0x8b) throw new ZipException("no gzip magic");
        if (u8() != 8) throw new ZipException("gzip compression method is not deflate");
        int flags = u8();
        if ((flags & 0xe0) != 0) throw new ZipException("reserved gzip header flags set");
        for (int i = 0; i < 6; i++) u8();
        if ((flags & FEXTRA) != 0) {
            int len = u8() | (u8() << 8);
            for (int i = 0; i < len; i++) u8();
        }
        if ((flags & FNAME) != 0)
            while (u8() != 0) {
                /* skip the file name */
            }
        if ((flags & FCOMMENT) != 0)
            while (u8() != 0) {
                /* skip the comment */
            }
        if ((flags & FTEXT_FHCRC) != 0) {
            u8();
            u8();
        }
    }

    private int u8() throws IOException {
        int b = source.read();
        if (b < 0) throw new EOFException("gzip member cut short");
        return b;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (finished) return -1;
        if (len == 0) return 0;
        try {
            while (true) {
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    crc.update(b, off, n);
                    inflated += n;
                    return n;
                }
                if (inflater.finished()) {
                    finish();
                    return -1;
                }
                if (inflater.needsDictionary()) throw new ZipException("gzip member needs a preset dictionary");
                if (inflater.needsInput()) {
                    inputLength = source.read(input, 0, input.length);
                    if (inputLength <= 0) throw new EOFException("gzip member cut short");
                    inflater.setInput(input, 0, inputLength);
                }
            }
        } catch (DataFormatException e) {
            throw new ZipException("invalid deflate data: " + e.getMessage());
        }
    }

    /** Hands back the input past the deflate data, then reads and checks the trailer. */
    private void finish() throws IOException {
        finished = true;
        int remaining = inflater.getRemaining();
        source.unread(input, inputLength - remaining, remaining);
        inflater.end();
        long expectedCrc = u8() | (u8() << 8) | (u8() << 16) | ((long) u8() << 24);
        long expectedSize = u8() | (u8() << 8) | (u8() << 16) | ((long) u8() << 24);
        if (expectedCrc != crc.getValue()) throw new ZipException("gzip member CRC-32 mismatch");
        if (expectedSize != (inflated & 0xffffffffL)) throw new ZipException("gzip member length mismatch");
    }

    /** Reads to the member's end (checking its trailer), for the parts the WARC parser did not need. */
    void drain() throws IOException {
        byte[] skip = new byte[1 << 14];
        while (read(skip, 0, skip.length) >= 0) {
            /* discard */
        }
    }

    @Override
    public void close() {
        if (!finished) inflater.end();
    }
}
