package dev.tempered.activities.model.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Streaming decode: pieces that add up to the whole-text decode, and stop strings that never leak. */
class TextStreamTest {

    /** Splits bytes at every position a byte-level BPE token could end, including inside a character. */
    private static List<byte[]> chunks(byte[] all, long seed) {
        Random rng = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, 1 + rng.nextInt(3));
            out.add(Arrays.copyOfRange(all, at, at + n));
            at += n;
        }
        return out;
    }

    @Test
    void piecesConcatenateToTheWholeDecodeEvenWithSplitAndInvalidUtf8() {
        byte[] valid = "naïve café — 日本語 🙂 ok".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = {'a', (byte) 0xE6, (byte) 0x97, 'b', (byte) 0xFF, (byte) 0xF0, (byte) 0x9F, (byte) 0x99};
        for (byte[] all : List.of(valid, invalid)) {
            for (long seed = 0; seed < 20; seed++) {
                StringBuilder pieces = new StringBuilder();
                TextStream stream = new TextStream(List.of(), pieces::append);
                for (byte[] c : chunks(all, seed)) assertTrue(stream.add(c));
                stream.finish();
                assertEquals(new String(all, StandardCharsets.UTF_8), pieces.toString(), "seed " + seed);
                assertEquals(pieces.toString(), stream.emitted());
            }
        }
    }

    @Test
    void textEndsBeforeAStopStringAndItsPrefixIsHeldBackUntilClear() {
        List<String> pieces = new ArrayList<>();
        TextStream stream = new TextStream(List.of("\n\n", "END"), pieces::add);
        assertTrue(stream.add("Hello E".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("Hello "), pieces, "'E' may start END: held back");
        assertTrue(stream.add("ND".getBytes(StandardCharsets.UTF_8)) == false);
        assertEquals("Hello ", stream.emitted());
        assertFalse(stream.add("more".getBytes(StandardCharsets.UTF_8)));

        List<String> other = new ArrayList<>();
        TextStream clear = new TextStream(List.of("END"), other::add);
        clear.add("an E".getBytes(StandardCharsets.UTF_8));
        clear.add("xit\n".getBytes(StandardCharsets.UTF_8));
        clear.finish();
        assertEquals("an Exit\n", String.join("", other));
    }
}
