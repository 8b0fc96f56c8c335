package dev.tempered.activities.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cl100k_base on the mixed corpus: the same ids as jtokkit, and decode inverts encode. */
class Cl100kEqualityTest {

    @Test
    void cl100kHas100256RanksAnd100277Ids() {
        assertEquals(100_256, Cl100k.spec().tokensByRank().size());
        assertEquals(100_277, Cl100k.spec().vocabSize());
    }

    @Test
    void sameIdsAsJtokkitOnTheWholeCorpus() {
        BpeEncoder ours = Cl100k.encoder();
        long tokens = 0;
        long bytes = 0;
        List<String> mismatches = new ArrayList<>();
        for (TokenizerCorpus.Text t : TokenizerCorpus.all()) {
            // jtokkit's encodeOrdinary replaces lone surrogates differently; compare on the text tiktoken sees.
            String text = tiktokenView(t.text());
            int[] expected = Cl100k.jtokkit().encodeOrdinary(text).toArray();
            int[] actual = ours.encodeOrdinary(text);
            if (!java.util.Arrays.equals(expected, actual)) mismatches.add(t.name());
            tokens += actual.length;
            bytes += text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        System.out.printf(
                "cl100k corpus: %d texts, %d chars, %d UTF-8 bytes, %d tokens%n",
                TokenizerCorpus.all().size(), TokenizerCorpus.chars(), bytes, tokens);
        assertEquals(List.of(), mismatches);
        assertTrue(bytes > 5_000_000, "corpus is only " + bytes + " bytes");
    }

    @Test
    void decodeInvertsEncodeOnTheWholeCorpus() throws InvalidUtf8Exception {
        BpeEncoder ours = Cl100k.encoder();
        for (TokenizerCorpus.Text t : TokenizerCorpus.all()) {
            String text = tiktokenView(t.text());
            int[] ids = ours.encode(text, SpecialPolicy.ORDINARY);
            assertEquals(text, ours.decodeStrict(ids), t.name());
            assertEquals(text, ours.decode(ids), t.name());
        }
    }

    @Test
    void handWrittenSplitterEqualsTheRegexOnTheWholeCorpus() {
        PreTokenizer fast = PreTokenizer.of(PreTokenizer.CL100K_PATTERN);
        PreTokenizer regex = new RegexPreTokenizer(PreTokenizer.CL100K_PATTERN);
        assertEquals(Cl100kPreTokenizer.class, fast.getClass());
        long chunks = 0;
        for (TokenizerCorpus.Text t : TokenizerCorpus.all()) {
            List<Integer> a = bounds(fast, t.text());
            List<Integer> b = bounds(regex, t.text());
            assertEquals(b, a, t.name());
            chunks += a.size() / 2;
        }
        assertTrue(chunks > 1_000_000, chunks + " chunks");
    }

    @Test
    void heapMergeEqualsTiktokensLinearMerge() {
        RankMap ranks = new RankMap(Cl100k.spec().tokensByRank());
        BytePairMerge merge = new BytePairMerge(ranks);
        PreTokenizer split = PreTokenizer.of(PreTokenizer.CL100K_PATTERN);
        for (TokenizerCorpus.Text t : TokenizerCorpus.all().subList(0, 150)) {
            split.split(t.text(), 0, t.text().length(), (s, e) -> {
                byte[] piece = t.text().substring(s, e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (piece.length < 2) return;
                IntList linear = new IntList(8);
                IntList heap = new IntList(8);
                merge.linear(piece, piece.length, linear);
                merge.heap(piece, piece.length, heap);
                assertArrayEquals(linear.toArray(), heap.toArray(), t.text().substring(s, e));
            });
        }
    }

    static List<Integer> bounds(PreTokenizer p, String text) {
        List<Integer> out = new ArrayList<>();
        p.split(text, 0, text.length(), (s, e) -> {
            out.add(s);
            out.add(e);
        });
        return out;
    }

    /** The text as tiktoken encodes it: lone surrogates replaced by U+FFFD. */
    static String tiktokenView(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\ufffd');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
