package dev.tempered.activities.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A source file's bytes read forward, with their offset, and with the means to go back: bytes
 * can be handed back ({@link #unread}) and the bytes read since a mark can be asked for again.
 * That is what resynchronising after a broken WARC record needs: the next record may start
 * anywhere after the broken one's first byte, including bytes already read while parsing it.
 *
 * <p>Marked bytes are kept up to {@link #MAX_RETAINED} bytes; past that the mark is lost, and a
 * resynchronisation starts from where reading stopped (the rest of a huge broken record is then
 * scanned forward, never re-read).
 */
final class ByteSource implements AutoCloseable {
    static final int MAX_RETAINED = 32 << 20;

    private final InputStream in;
    private final Deque<byte[]> pushedBack = new ArrayDeque<>();
    private int pushedBackPos;
    private long position;
    private byte[] retained;
    private int retainedLength;
    private long markPosition = -1;

    ByteSource(InputStream in) {
        this.in = in;
    }

    /** The offset in the file of the next byte {@link #read} returns. */
    long position() {
        return position;
    }

    int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        int n;
        if (!pushedBack.isEmpty()) {
            byte[] head = pushedBack.peekFirst();
            n = Math.min(len, head.length - pushedBackPos);
            System.arraycopy(head, pushedBackPos, b, off, n);
            pushedBackPos += n;
            if (pushedBackPos == head.length) {
                pushedBack.removeFirst();
                pushedBackPos = 0;
            }
        } else {
            n = in.read(b, off, len);
            if (n <= 0) return -1;
        }
        retain(b, off, n);
        position += n;
        return n;
    }

    /** Hands back the last {@code len} bytes read: they are read again, at their old offsets. */
    void unread(byte[] b, int off, int len) {
        if (len == 0) return;
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        if (pushedBackPos > 0) {
            byte[] head = pushedBack.removeFirst();
            pushedBack.addFirst(java.util.Arrays.copyOfRange(head, pushedBackPos, head.length));
            pushedBackPos = 0;
        }
        pushedBack.addFirst(copy);
        position -= len;
        if (markPosition >= 0) retainedLength = (int) Math.max(0, Math.min(retainedLength, position - markPosition));
    }

    /** Starts keeping what is read from here on, forgetting any earlier mark. */
    void mark() {
        markPosition = position;
        retainedLength = 0;
        if (retained == null) retained = new byte[1 << 16];
    }

    /**
     * Goes back to the byte after the mark (the mark itself was a failed start), so that scanning
     * can resume there; returns false, staying where it is, if the mark was lost or never set.
     */
    boolean rewindToAfterMark() {
        if (markPosition < 0 || retainedLength < 1) return false;
        long target = markPosition + 1;
        byte[] again = java.util.Arrays.copyOfRange(retained, 1, retainedLength);
        markPosition = -1;
        retainedLength = 0;
        if (again.length > 0) {
            if (pushedBackPos > 0) {
                byte[] head = pushedBack.removeFirst();
                pushedBack.addFirst(java.util.Arrays.copyOfRange(head, pushedBackPos, head.length));
                pushedBackPos = 0;
            }
            pushedBack.addFirst(again);
        }
        position = target;
        return true;
    }

    private void retain(byte[] b, int off, int n) {
        if (markPosition < 0) return;
        if (retainedLength + n > MAX_RETAINED) {
            markPosition = -1;
            retainedLength = 0;
            return;
        }
        if (retainedLength + n > retained.length) {
            retained = java.util.Arrays.copyOf(
                    retained, Math.min(MAX_RETAINED, Math.max(retained.length * 2, retainedLength + n)));
        }
        System.arraycopy(b, off, retained, retainedLength, n);
        retainedLength += n;
    }

    /** This source as an InputStream, for parsers; reads go through {@link #read}. */
    InputStream asStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return ByteSource.this.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ByteSource.this.read(b, off, len);
            }
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
