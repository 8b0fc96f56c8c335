package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-checked merges on inputs small enough to count pairs on paper. */
class BpeTrainerTinyTest {

    private static BpeTrainingResult train(int merges, List<String> documents) {
        return new BpeTrainer(new BpeTrainerConfig(256 + merges, SplitPatterns.GPT4, 0, 2)).train(documents);
    }

    @Test
    void aaabdaaabacLearnsTheMergesCountedByHand() {
        // One chunk (all letters). Pairs: aa 4, ab 2, bd 1, da 1, ba 1, ac 1.
        // 1. aa -> 256 (4):              Z a b d Z a b a c   (left to right, no overlap: "aaa" is "Z a")
        //    pairs: (256,97) 2, (97,98) 2, ... -> tie at 2, smaller left id wins: (97,98).
        // 2. ab -> 257 (2):              Z Y d Z Y a c
        // 3. (256,257) -> 258 (2):       X d X a c
        //    pairs all 1: (258,100) (100,258) (258,97) (97,99) -> smallest is (97,99).
        // 4. ac -> 259 (1):              X d X W
        //    pairs (258,100) (100,258) (258,259) -> smallest is (100,258).
        // 5. (100,258) -> 260 (1):       X V
        BpeTrainingResult result = train(5, List.of("aaabdaaabac"));
        assertEquals(
                List.of(
                        new Merge(97, 97, 256, 4),
                        new Merge(97, 98, 257, 2),
                        new Merge(256, 257, 258, 2),
                        new Merge(97, 99, 259, 1),
                        new Merge(100, 258, 260, 1)),
                result.merges());
        List<byte[]> bytes = result.tokenBytesByRank();
        assertEquals(261, bytes.size());
        assertArrayEquals(new byte[] {0}, bytes.get(0));
        assertArrayEquals(new byte[] {(byte) 255}, bytes.get(255));
        assertEquals("aa", text(bytes.get(256)));
        assertEquals("ab", text(bytes.get(257)));
        assertEquals("aaab", text(bytes.get(258)));
        assertEquals("ac", text(bytes.get(259)));
        assertEquals("daaab", text(bytes.get(260)));
        assertTrue(result.isComplete());
        assertEquals(1, result.stats().totalChunks());
        assertEquals(1, result.stats().uniqueChunks());
    }

    @Test
    void pairsNeverCrossChunksAndChunkCountsWeightPairs() {
        // Chunks: "hug" x2, " hug" x1, " pug" x1 (the space goes with the next word).
        // Pairs: ug 4 (h-u-g twice, " hug", " pug"), hu 3, " h" 1, " p" 1, pu 1. No "g " pair.
        BpeTrainingResult result = train(3, List.of("hug hug", "hug pug"));
        assertEquals(
                List.of(
                        new Merge('u', 'g', 256, 4),
                        new Merge('h', 256, 257, 3),
                        // " hug" = (32,257) 1 and " pug" = (32,'p') 1, ('p',256) 1: smallest is (32,'p').
                        new Merge(' ', 'p', 258, 1)),
                result.merges());
        assertEquals(4, result.stats().totalChunks());
        assertEquals(3, result.stats().uniqueChunks());
    }

    @Test
    void overlappingRunsMergeLeftToRight() {
        // "aaaa" -> pairs aa 3 -> Z Z (not Z a a): then (256,256) 1.
        BpeTrainingResult result = train(2, List.of("aaaa"));
        assertEquals(List.of(new Merge(97, 97, 256, 3), new Merge(256, 256, 257, 1)), result.merges());
        assertEquals("aaaa", text(result.tokenBytesByRank().get(257)));
    }

    @Test
    void stopsEarlyWhenEveryChunkIsOneToken() {
        BpeTrainingResult result = train(10, List.of("ab ab"));
        // "ab" and " ab": ab 2 -> 256; then " " + 256 -> 257; then nothing is left to merge.
        assertEquals(List.of(new Merge(97, 98, 256, 2), new Merge(32, 256, 257, 1)), result.merges());
        assertFalse(result.isComplete());
    }

    @Test
    void multiByteCharactersStartAsTheirUtf8Bytes() {
        // "é" is C3 A9 in UTF-8: the first merge joins the two bytes back into one character.
        BpeTrainingResult result = train(1, List.of("é é é"));
        assertEquals(new Merge(0xC3, 0xA9, 256, 3), result.merges().get(0));
        assertEquals("é", text(result.tokenBytesByRank().get(256)));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
