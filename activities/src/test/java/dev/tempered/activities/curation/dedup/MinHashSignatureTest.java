package dev.tempered.activities.curation.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.curation.Document;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parity with datatrove 0.10.1 (values printed by its MinhashDedupSignature with the default
 * config, xxhash 3.8.2, numpy 2.4) and the statistical behaviour of signatures on real pages.
 */
class MinHashSignatureTest {
    private static final String TEXT_A =
            "The quick brown fox jumps over the lazy dog. It's 3.14 o'clock \u2014 Caf\u00e9 "
                    + "na\u00efve r\u00e9sum\u00e9, 1,000,000 items!";
    private static final String TEXT_B = "Hello   world\tthis\nis  a test of Tempered's MinHash dedup (2024-05-01).";

    @Test
    void xxHash64MatchesThePythonPackage() {
        assertEquals(Long.parseUnsignedLong("17241709254077376921"), hash(""));
        assertEquals(Long.parseUnsignedLong("15154266338359012955"), hash("a"));
        assertEquals(Long.parseUnsignedLong("5020219685658847592"), hash("hello world"));
        assertEquals(Long.parseUnsignedLong("7797000677988824208"), hash("the quick brown fox jumps"));
        assertEquals(Long.parseUnsignedLong("10551747345416853717"), hash("x".repeat(40)));
        assertEquals(
                Long.parseUnsignedLong("1864772389258968688"),
                hash("h\u00e9llo w\u00f6rld 0 0 0 abcdefghijklmnopqrstuvwxyz0123456789"));
    }

    @Test
    void simplificationMatchesDatatrove() {
        Shingler s = new Shingler(5);
        assertEquals(
                "the quick brown fox jumps over the lazy dog it s 0 o clock cafe naive resume 0 0 items",
                s.simplify(TEXT_A));
        assertEquals("hello world this is a test of tempered s minhash dedup 0 0 0", s.simplify(TEXT_B));
    }

    @Test
    void shinglesAndSignaturesMatchDatatrove() {
        Shingler s = new Shingler(5);
        assertEquals(16, s.shingle(TEXT_A));
        assertEquals(Long.parseUnsignedLong("7797000677988824208"), s.shingles()[0]);
        assertEquals(Long.parseUnsignedLong("4793414983259776074"), s.shingles()[1]);
        assertEquals(10, s.shingle(TEXT_B));
        assertEquals(Long.parseUnsignedLong("9306432731031033663"), s.shingles()[1]);

        MinHashSignature m = new MinHashSignature(MinHashConfig.defaults());
        long[] a = m.compute(TEXT_A);
        assertEquals(112, a.length);
        assertEquals(85330943174081874L, a[0]);
        assertEquals(663359892825767826L, a[1]);
        assertEquals(69242085538380291L, a[57]);
        assertEquals(3963570588256049L, a[111]);
        long[] b = m.compute(TEXT_B);
        assertEquals(642117093451155917L, b[0]);
        assertEquals(237400697322573321L, b[1]);
        assertEquals(27908796517676958L, b[57]);
        assertEquals(83964108443447866L, b[111]);
    }

    @Test
    void permutationParametersMatchNumpyRandomState() {
        NumpyRandomState r = new NumpyRandomState(1);
        long[] a = r.randintUint64(1, MinHashSignature.MERSENNE_61, 112);
        long[] b = r.randintUint64(0, MinHashSignature.MERSENNE_61, 112);
        assertEquals(775169054918279404L, a[0]);
        assertEquals(1758426461858698313L, a[1]);
        assertEquals(223865076026037746L, a[111]);
        assertEquals(1062448801025099917L, b[0]);
        assertEquals(1324811268927594100L, b[1]);
        assertEquals(1097409548522419201L, b[111]);
    }

    @Test
    void textsUnderFiveWordsHaveNoSignature() {
        MinHashSignature m = new MinHashSignature(MinHashConfig.defaults());
        assertNull(m.compute("only four words here"));
        assertNull(m.compute("   ...   "));
        long[] out = new long[112];
        assertFalse(m.compute("", out));
        assertTrue(m.compute("now there are five words", out));
    }

    @Test
    void reusedBuffersGiveTheSameSignatureAsAFreshInstance() {
        MinHashSignature reused = new MinHashSignature(MinHashConfig.defaults());
        String big =
                SampleCorpus.byUrlSuffix("docs.python.org/3.11/library/re.html").text();
        reused.compute(big);
        assertArrayEquals(new MinHashSignature(MinHashConfig.defaults()).compute(TEXT_A), reused.compute(TEXT_A));
    }

    /**
     * Over real pairs (neighbouring pages of the corpus, and every page against itself with two
     * sentences replaced), the estimate is within 0.1 of the exact shingle Jaccard for nearly
     * all of them. Not for every one: with 112 hashes the estimate's standard deviation is
     * sqrt(J(1-J)/112), up to 0.047, so about 3% of mid-range pairs land beyond 0.1 by chance.
     */
    @Test
    void estimatedJaccardIsWithinATenthOfExactOnRealPairs() {
        MinHashSignature m = new MinHashSignature(MinHashConfig.defaults());
        List<Document> pages = SampleCorpus.pages();
        int checked = 0;
        int within = 0;
        double sumAbs = 0;
        double worst = 0;
        for (int i = 0; i < pages.size(); i++) {
            String x = pages.get(i).text();
            String[] others = {
                NearDuplicates.replaceSentences(x, 2, i),
                i + 1 < pages.size() ? pages.get(i + 1).text() : ""
            };
            for (String y : others) {
                long[] sx = m.compute(x);
                long[] sy = m.compute(y);
                if (sx == null || sy == null) {
                    continue;
                }
                double err = Math.abs(jaccard(m.distinctShingles(x), m.distinctShingles(y))
                        - MinHashSignature.estimateJaccard(sx, sy));
                within += err <= 0.1 ? 1 : 0;
                sumAbs += err;
                worst = Math.max(worst, err);
                checked++;
            }
        }
        String stats = String.format(
                "%d of %d pairs within 0.1, mean error %.4f, worst %.3f", within, checked, sumAbs / checked, worst);
        assertTrue(checked >= 1790, stats);
        assertTrue(within >= 0.98 * checked, stats);
        assertTrue(sumAbs / checked <= 0.03, stats);
        assertTrue(worst <= 0.2, stats);
    }

    static double jaccard(long[] sortedX, long[] sortedY) {
        int i = 0;
        int j = 0;
        int both = 0;
        while (i < sortedX.length && j < sortedY.length) {
            int c = Long.compare(sortedX[i], sortedY[j]);
            if (c == 0) {
                both++;
                i++;
                j++;
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        int union = sortedX.length + sortedY.length - both;
        return union == 0 ? 1.0 : (double) both / union;
    }

    private static long hash(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(b, 0, b.length);
    }
}
