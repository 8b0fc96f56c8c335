package dev.tempered.activities.curation.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastTextDictionaryTest {
    @Test
    void fastModAgreesWithUnsignedRemainder() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int d : new int[] {1, 2, 3, 7, 1 << 20, 2_000_000, 2_000_003, Integer.MAX_VALUE}) {
            long reciprocal = Long.divideUnsigned(-1L, d) + 1;
            for (int h : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, d - 1, d, d + 1}) {
                assertEquals(
                        Integer.remainderUnsigned(h, d), FastTextDictionary.fastMod(h, reciprocal, d), h + " % " + d);
            }
            for (int i = 0; i < 200_000; i++) {
                int h = rng.nextInt();
                assertEquals(
                        Integer.remainderUnsigned(h, d), FastTextDictionary.fastMod(h, reciprocal, d), h + " % " + d);
            }
        }
    }

    @Test
    @SuppressWarnings("ConstantOverflow") // FNV-1a is defined in 32-bit arithmetic: the overflow is the hash.
    void hashIsFastTextsFnv1aOverSignExtendedBytes() {
        // fastText xors int8_t(byte) widened to uint32: bytes >= 0x80 flip the high bits too.
        byte[] ascii = "de".getBytes(StandardCharsets.UTF_8);
        int h = 0x811c9dc5;
        for (byte b : ascii) h = (h ^ (b & 0xff)) * 16777619;
        assertEquals(h, FastTextDictionary.hash(ascii, 0, ascii.length));
        byte[] e = "é".getBytes(StandardCharsets.UTF_8); // 0xC3 0xA9
        int signExtended = ((0x811c9dc5 ^ 0xFFFFFFC3) * 16777619 ^ 0xFFFFFFA9) * 16777619;
        assertEquals(signExtended, FastTextDictionary.hash(e, 0, e.length));
    }
}
