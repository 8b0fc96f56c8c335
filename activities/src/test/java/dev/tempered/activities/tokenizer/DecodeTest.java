package dev.tempered.activities.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lenient and strict decoding, unknown ids, and the special cases of encoding's input. */
class DecodeTest {

    @Test
    void idsCutInsideACharacterDecodeLenientlyAndFailStrictlyAtTheBytePosition() {
        BpeEncoder enc = Cl100k.encoder();
        // "ok", " ", then the first two bytes of 😀 (F0 9F 98 80): ids cut inside a character.
        int[] cut = {enc.encodeOrdinary("ok")[0], rankOfByte(' '), rankOfByte(0xf0), rankOfByte(0x9f)};
        assertEquals("ok \ufffd", enc.decode(cut));
        var e = assertThrows(InvalidUtf8Exception.class, () -> enc.decodeStrict(cut));
        assertEquals(3, e.bytePosition());
        assertEquals(2, e.tokenIndex());
        assertTrue(e.getMessage().startsWith("invalid UTF-8 at byte 3 (2 byte(s)), in token #2"), e.getMessage());
    }

    @Test
    void strictDecodingNamesTheTokenHoldingTheBadByte() {
        BpeEncoder enc = Cl100k.encoder();
        int a = enc.encodeOrdinary("a")[0];
        // 0xF0 alone (rank of the single byte) is a lead byte with nothing after it.
        int f0 = rankOfByte(0xf0);
        var e = assertThrows(InvalidUtf8Exception.class, () -> enc.decodeStrict(new int[] {a, a, f0, a}));
        assertEquals(2, e.bytePosition());
        assertEquals(2, e.tokenIndex());
    }

    @Test
    void unknownIdsAreAnErrorNamingIdAndPosition() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Cl100k.encoder().decode(new int[] {15339, 100261}));
        assertEquals("id 100261 at position 1 of the sequence is not in the vocabulary (size 100277)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cl100k.encoder().decode(new int[] {-1}));
    }

    @Test
    void specialTokensDecodeToTheirText() {
        assertEquals("a<|endoftext|>", Cl100k.encoder().decode(new int[] {64, 100257}));
    }

    @Test
    void loneSurrogatesAreEncodedAsReplacementCharacters() {
        BpeEncoder enc = Cl100k.encoder();
        assertArrayEquals(enc.encodeOrdinary("a\ufffdb"), enc.encodeOrdinary("a\ud800b"));
        assertArrayEquals(enc.encodeOrdinary("\ufffd"), enc.encodeOrdinary("\udc00"));
        assertEquals("a\ufffdb", enc.decode(enc.encodeOrdinary("a\ud800b")));
    }

    @Test
    void emptyTextHasNoTokens() {
        assertEquals(0, Cl100k.encoder().encode("").length);
        assertEquals("", Cl100k.encoder().decode(new int[0]));
    }

    @Test
    void aVeryLongChunkMergesLikeShortOnes() {
        // 100,000 spaces then a word: one chunk of 99,999 spaces goes through the heap merge.
        String text = " ".repeat(100_000) + "word";
        int[] ids = Cl100k.encoder().encodeOrdinary(text);
        assertEquals(text, Cl100k.encoder().decode(ids));
        assertEquals(
                text.getBytes(StandardCharsets.UTF_8).length, Cl100k.encoder().decodeBytes(ids).length);
    }

    private static int rankOfByte(int b) {
        var ranks = Cl100k.spec().tokensByRank();
        for (int r = 0; r < 256 * 4; r++) {
            byte[] t = ranks.get(r);
            if (t.length == 1 && (t[0] & 0xff) == b) return r;
        }
        throw new AssertionError("no rank for byte " + b);
    }
}
