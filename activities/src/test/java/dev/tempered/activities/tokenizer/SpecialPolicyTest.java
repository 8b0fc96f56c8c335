package dev.tempered.activities.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** tiktoken's allowed_special / disallowed_special semantics, on cl100k. */
class SpecialPolicyTest {
    static final String TEXT = "hi <|endoftext|> there<|fim_prefix|>";

    @Test
    void byDefaultAnySpecialTokenIsAnErrorNamingTokenAndOffset() {
        var e = assertThrows(
                DisallowedSpecialTokenException.class, () -> Cl100k.encoder().encode(TEXT));
        assertEquals("<|endoftext|>", e.token());
        assertEquals(3, e.offset());
        assertTrue(e.getMessage().contains("<|endoftext|> at character offset 3"), e.getMessage());
    }

    @Test
    void allowedTokensBecomeTheirIdsAndTheOthersStillFail() {
        var e = assertThrows(
                DisallowedSpecialTokenException.class,
                () -> Cl100k.encoder().encode(TEXT, SpecialPolicy.allow(Set.of("<|endoftext|>"))));
        assertEquals("<|fim_prefix|>", e.token());
        assertEquals(TEXT.indexOf("<|fim_prefix|>"), e.offset());
    }

    @Test
    void allowAllGivesSpecialIdsBetweenOrdinaryStretches() {
        int[] ids = Cl100k.encoder().encode(TEXT, SpecialPolicy.ALLOW_ALL);
        // "hi", " ", <|endoftext|>, " there", <|fim_prefix|>: the text before a special token is
        // split on its own, so the space before <|endoftext|> is a chunk by itself.
        assertArrayEquals(new int[] {6151, 220, 100257, 1070, 100258}, ids);
    }

    @Test
    void notDisallowedSpecialTokensAreOrdinaryText() {
        int[] ordinary = Cl100k.encoder().encodeOrdinary(TEXT);
        assertArrayEquals(ordinary, Cl100k.encoder().encode(TEXT, SpecialPolicy.ORDINARY));
        assertTrue(IntStream.of(ordinary).allMatch(id -> id < 100_256));
        int[] mixed = Cl100k.encoder().encode(TEXT, SpecialPolicy.allow(Set.of("<|fim_prefix|>"), Set.of()));
        assertEquals(100258, mixed[mixed.length - 1]);
        assertTrue(IntStream.of(mixed).noneMatch(id -> id == 100257));
    }

    @Test
    void onlyTheListedTokensAreDisallowed() {
        var policy = SpecialPolicy.allow(Set.of(), Set.of("<|fim_prefix|>"));
        var e = assertThrows(
                DisallowedSpecialTokenException.class, () -> Cl100k.encoder().encode(TEXT, policy));
        assertEquals("<|fim_prefix|>", e.token());
        assertArrayEquals(
                Cl100k.encoder().encodeOrdinary("<|endoftext|>"),
                Cl100k.encoder().encode("<|endoftext|>", policy));
    }

    @Test
    void unknownSpecialTokenNamesAreRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Cl100k.encoder().encode("x", SpecialPolicy.allow(Set.of("<|bos|>"))));
        assertTrue(e.getMessage().contains("<|bos|> is not in this vocabulary"), e.getMessage());
    }

    @Test
    void temperedSpecialTokensFollowTheMergeableRanks() {
        var ids = SpecialTokens.assign(100_256);
        assertEquals(SpecialTokens.ALL, ids.keySet().stream().toList());
        assertEquals(100_256, ids.get(SpecialTokens.BOS));
        assertEquals(100_264, ids.get(SpecialTokens.OUTPUT_END));
        var spec = new TokenizerSpec(PreTokenizer.CL100K_PATTERN, Cl100k.spec().tokensByRank(), ids);
        assertEquals(100_265, spec.vocabSize());
        var encoder = new BpeEncoder(spec);
        String chat = "<|bos|><|user_start|>Hi!<|user_end|><|assistant_start|>Hello.<|assistant_end|>";
        int[] encoded = encoder.encode(chat, SpecialPolicy.ALLOW_ALL);
        assertArrayEquals(new int[] {100256, 100257, 13347, 0, 100258, 100259, 9906, 13, 100260}, encoded);
        assertEquals(chat, encoder.decode(encoded));
    }
}
