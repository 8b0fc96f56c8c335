package dev.tempered.activities.curation.lang;

import java.nio.charset.StandardCharsets;

/**
 * Little-endian cursor over a whole model file, as fastText writes it on x86 (raw {@code int32},
 * {@code int64}, {@code float}, {@code double}, {@code bool} as one byte). Every read names the
 * field it reads, so a truncated file fails with "expected 4 bytes for args.dim at offset 8"
 * instead of an index error.
 */
final class ModelReader {
    private final byte[] bytes;
    private int pos;

    ModelReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return bytes.length - pos;
    }

    private void need(long n, String field) {
        if (n < 0 || n > bytes.length - pos) {
            throw new ModelFormatException(
                    "truncated model: expected " + n + " bytes for " + field + " but the file has "
                            + (bytes.length - pos) + " left of " + bytes.length,
                    pos);
        }
    }

    int readInt(String field) {
        need(4, field);
        int v = (bytes[pos] & 0xff)
                | (bytes[pos + 1] & 0xff) << 8
                | (bytes[pos + 2] & 0xff) << 16
                | (bytes[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long readLong(String field) {
        need(8, field);
        long lo = readInt(field) & 0xffffffffL;
        long hi = readInt(field) & 0xffffffffL;
        return lo | hi << 32;
    }

    float readFloat(String field) {
        return Float.intBitsToFloat(readInt(field));
    }

    double readDouble(String field) {
        return Double.longBitsToDouble(readLong(field));
    }

    byte readByte(String field) {
        need(1, field);
        return bytes[pos++];
    }

    boolean readBool(String field) {
        int at = pos;
        byte b = readByte(field);
        if (b != 0 && b != 1) throw new ModelFormatException(field + " must be a bool (0 or 1), got " + b, at);
        return b == 1;
    }

    /** A C string: bytes up to (not including) the next NUL, which is consumed. */
    byte[] readCString(String field) {
        int start = pos;
        int end = start;
        while (end < bytes.length && bytes[end] != 0) end++;
        if (end == bytes.length) {
            throw new ModelFormatException("truncated model: " + field + " has no terminating NUL", start);
        }
        pos = end + 1;
        return java.util.Arrays.copyOfRange(bytes, start, end);
    }

    byte[] readBytes(long n, String field) {
        need(n, field);
        byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    float[] readFloats(long n, String field) {
        if (n < 0 || n > Integer.MAX_VALUE / 4) {
            throw new ModelFormatException(field + " has an impossible length " + n, pos);
        }
        need(n * 4, field);
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) out[i] = readFloat(field);
        return out;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
