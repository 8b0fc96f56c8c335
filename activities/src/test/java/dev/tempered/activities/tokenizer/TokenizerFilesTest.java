package dev.tempered.activities.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rank file and its sidecar: round trip, tiktoken compatibility, and every error case. */
class TokenizerFilesTest {
    @TempDir
    Path dir;

    @Test
    void cl100kWithTemperedSpecialsRoundTripsAndTheRankFileIsTiktokensByteForByte() throws IOException {
        TokenizerSpec spec = new TokenizerSpec(
                PreTokenizer.CL100K_PATTERN, Cl100k.spec().tokensByRank(), SpecialTokens.assign(100_256));
        Path ranks = dir.resolve("tok.tiktoken");
        TokenizerFiles.write(ranks, spec);
        byte[] original;
        try (InputStream in = com.knuddels.jtokkit.Encodings.class.getResourceAsStream(Cl100k.RESOURCE)) {
            original = in.readAllBytes();
        }
        assertArrayEquals(original, Files.readAllBytes(ranks));
        TokenizerSpec back = TokenizerFiles.read(ranks);
        assertEquals(spec.pattern(), back.pattern());
        assertEquals(spec.specialTokens(), back.specialTokens());
        assertEquals(100_265, back.vocabSize());
        for (int r = 0; r < spec.tokensByRank().size(); r++) {
            assertArrayEquals(spec.tokensByRank().get(r), back.tokensByRank().get(r));
        }
        String sidecar = Files.readString(dir.resolve("tok.json"));
        assertTrue(sidecar.contains("\"format\" : \"tempered.tokenizer/v1\""), sidecar);
        assertTrue(sidecar.contains("\"vocab_size\" : 100265"), sidecar);
    }

    // Rank file errors: each names the file and the line.

    @Test
    void corruptBase64() {
        assertRanksError("IQ== 0\nI!== 1\n", ":2: corrupt base64 \"I!==\"");
    }

    @Test
    void base64CutShort() {
        assertRanksError("IQ== 0\nIg= 1\n", ":2: corrupt base64 \"Ig=\": length 3 is not a positive multiple of 4");
    }

    @Test
    void lastLineWithoutNewline() {
        assertRanksError("IQ== 0\nIg== 1", ":2: file ends inside this line (no final newline): truncated?");
    }

    @Test
    void duplicateRank() {
        assertRanksError("IQ== 0\nIg== 0\n", ":2: duplicate rank 0, first given on line 1");
    }

    @Test
    void missingRank() {
        assertRanksError(
                "IQ== 0\nIg== 2\n", ": rank 1 is missing: ranks must run 0..2 without gaps (rank 2 is on line 2)");
    }

    @Test
    void nonNumericRank() {
        assertRanksError("IQ== 0\nIg== one\n", ":2: rank \"one\" is not a decimal integer");
        assertRanksError("IQ== -1\n", ":1: rank \"-1\" is not a decimal integer");
    }

    @Test
    void repeatedTokenBytes() {
        assertRanksError("IQ== 0\nIQ== 1\n", ":2: token IQ== repeats line 1");
    }

    @Test
    void blankLineAndMissingSeparator() {
        assertRanksError("IQ== 0\n\nIg== 1\n", ":2: blank line");
        assertRanksError("IQ==0\n", ":1: expected \"base64 rank\"");
        assertRanksError("", ": empty rank file");
    }

    // Sidecar errors.

    @Test
    void wrongFormatName() throws IOException {
        assertSidecarError(sidecar("minbpe/v1", 258), "format is \"minbpe/v1\", not a tempered.tokenizer sidecar");
    }

    @Test
    void wrongFormatVersion() throws IOException {
        assertSidecarError(
                sidecar("tempered.tokenizer/v2", 258),
                "format version \"v2\" is not supported; this reader knows tempered.tokenizer/v1");
    }

    @Test
    void vocabSizeDisagreeing() throws IOException {
        assertSidecarError(
                sidecar("tempered.tokenizer/v1", 300),
                "vocab_size is 300 but tiny.tiktoken has 256 ranks and the largest special id gives 258");
    }

    @Test
    void specialIdInsideTheRanks() throws IOException {
        assertSidecarError(
                "{\"format\":\"tempered.tokenizer/v1\",\"pattern\":\"x\",\"special_tokens\":{\"<|bos|>\":5},\"vocab_size\":256}",
                "special token <|bos|> has id 5, inside the mergeable ranks 0..255");
    }

    @Test
    void brokenJsonAndMissingFields() throws IOException {
        assertSidecarError("{\"format\": \"tempered.tokenizer/v1\",\n \"pattern\": ", "tiny.json:2: not valid JSON");
        assertSidecarError(
                "{\"format\":\"tempered.tokenizer/v1\",\"special_tokens\":{},\"vocab_size\":256}",
                "\"pattern\" is missing or not a string");
        assertSidecarError(
                "{\"format\":\"tempered.tokenizer/v1\",\"pattern\":\"x\",\"special_tokens\":{},\"vocab_size\":256,\"extra\":1}",
                "unknown field \"extra\"");
    }

    @Test
    void encoderRefusesAVocabularyWithoutAllBytes() {
        List<byte[]> ranks = new ArrayList<>(bytes256());
        ranks.remove(255);
        var e = assertThrows(
                IllegalArgumentException.class, () -> new BpeEncoder(new TokenizerSpec("x", ranks, Map.of())));
        assertTrue(e.getMessage().startsWith("byte 0xff is not a token"), e.getMessage());
    }

    private void assertRanksError(String content, String expected) {
        Path file = dir.resolve("bad.tiktoken");
        var e = assertThrows(TokenizerFormatException.class, () -> {
            Files.writeString(file, content, StandardCharsets.ISO_8859_1);
            TokenizerFiles.readRanks(Files.newInputStream(file), file.toString());
        });
        assertTrue(e.getMessage().startsWith(file + expected), e.getMessage() + "\n  expected: " + file + expected);
    }

    private String sidecar(String format, int vocabSize) {
        return "{\"format\":\"" + format
                + "\",\"pattern\":\"x\",\"special_tokens\":{\"<|bos|>\":256,\"<|user_start|>\":257},"
                + "\"vocab_size\":" + vocabSize + "}";
    }

    private void assertSidecarError(String json, String expected) throws IOException {
        Path ranks = dir.resolve("tiny.tiktoken");
        TokenizerFiles.write(ranks, new TokenizerSpec("x", bytes256(), Map.of()));
        Files.writeString(dir.resolve("tiny.json"), json);
        var e = assertThrows(TokenizerFormatException.class, () -> TokenizerFiles.read(ranks));
        assertTrue(e.getMessage().startsWith(dir.resolve("tiny.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage() + "\n  expected: " + expected);
    }

    private static List<byte[]> bytes256() {
        List<byte[]> out = new ArrayList<>();
        for (int b = 0; b < 256; b++) out.add(new byte[] {(byte) b});
        return out;
    }
}
