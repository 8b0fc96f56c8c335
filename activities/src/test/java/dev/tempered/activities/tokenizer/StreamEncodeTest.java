package dev.tempered.activities.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Encoding a Reader block by block gives the ids of encoding the whole string. */
class StreamEncodeTest {

    @Test
    void streamEqualsWholeStringOnTheCorpusWithSmallBlocks() throws IOException {
        // All texts joined with special tokens between them: one big input, many block boundaries
        // falling inside words, white-space runs, surrogate pairs and special tokens.
        StringBuilder sb = new StringBuilder();
        for (TokenizerCorpus.Text t : TokenizerCorpus.all().subList(0, 600))
            sb.append(t.text()).append("<|endoftext|>");
        for (TokenizerCorpus.Text t :
                TokenizerCorpus.all().subList(1900, TokenizerCorpus.all().size())) {
            sb.append(t.text()).append("<|fim_prefix|>");
        }
        String text = sb.toString();
        int[] whole = Cl100k.encoder().encode(text, SpecialPolicy.ALLOW_ALL);
        for (int block : new int[] {1, 7, 4096, 1 << 20}) {
            if (block < 100 && text.length() > 200_000) {
                assertArrayEquals(
                        Cl100k.encoder().encode(text.substring(0, 200_000), SpecialPolicy.ALLOW_ALL),
                        stream(text.substring(0, 200_000), SpecialPolicy.ALLOW_ALL, block),
                        "block " + block);
            } else {
                assertArrayEquals(whole, stream(text, SpecialPolicy.ALLOW_ALL, block), "block " + block);
            }
        }
        int[] ordinary = Cl100k.encoder().encodeOrdinary(text);
        assertArrayEquals(ordinary, stream(text, SpecialPolicy.ORDINARY, 4093));
        System.out.printf("stream test: %d chars, %d tokens%n", text.length(), whole.length);
    }

    @Test
    void blockBoundariesInsideTrickySpotsChangeNothing() throws IOException {
        String[] texts = {
            "hello   world  \n\n  x",
            "a<|endoftext|>b<|endof",
            "x'll 'S 123456 😀😀 \r\n\r\n ",
            "   ",
            "<|endoftext|><|endoftext|>",
            "word" + " ".repeat(50)
        };
        for (String text : texts) {
            int[] whole = Cl100k.encoder().encode(text, SpecialPolicy.ALLOW_ALL);
            for (int block = 1; block <= text.length() + 1; block++) {
                assertArrayEquals(whole, stream(text, SpecialPolicy.ALLOW_ALL, block), text + " block " + block);
            }
        }
    }

    @Test
    void aDisallowedTokenCutByABlockBoundaryIsFoundWithItsGlobalOffset() {
        String text = "x".repeat(100) + " <|endoftext|> tail";
        for (int block : new int[] {3, 50, 103, 107, 4096}) {
            var e = assertThrows(
                    DisallowedSpecialTokenException.class,
                    () -> stream(text, SpecialPolicy.allow(Set.of()), block),
                    "block " + block);
            assertEquals(101, e.offset(), "block " + block);
        }
    }

    static int[] stream(String text, SpecialPolicy policy, int block) throws IOException {
        IntList out = new IntList(16);
        long n = Cl100k.encoder().encode(new StringReader(text), policy, out::add, block);
        assertEquals(out.size(), n);
        return out.toArray();
    }
}
