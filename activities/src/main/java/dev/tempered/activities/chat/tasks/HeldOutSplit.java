package dev.tempered.activities.chat.tasks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which split an item belongs to, from a stable hash of its key (the item's question text, so the
 * same question asked twice lands in the same split): sha256 of the key, its first 8 bytes as an
 * unsigned fraction of 2⁶⁴, held out when below {@code fraction}. Independent of order, seed and
 * JVM, and the same in Python ({@code int.from_bytes(sha256(k)[:8], 'big') / 2**64}).
 */
public final class HeldOutSplit {
    private HeldOutSplit() {}

    public static boolean isHeldOut(String key, double fraction) {
        return unitHash(key) < fraction;
    }

    /** The key's position in [0, 1). */
    public static double unitHash(String key) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xFF);
        // Unsigned 64-bit over 2^64: the top 53 bits give an exactly representable double.
        return (v >>> 11) * 0x1.0p-53;
    }
}
