package dev.tempered.activities.tokenizer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training on the real pages of examples/data/sample.warc.gz, checked against rustbpe's merge list
 * for the same text: the fixtures under src/test/resources/tokenizer/ are rustbpe's
 * {@code get_mergeable_ranks()} (one hex line per token), made by
 * bench/tokenizer/make_rustbpe_fixtures.sh from the text this test dumps to
 * target/tokenizer-sample.txt.
 */
class BpeTrainerCorpusTest {
    /** sha256 of the dumped sample text the fixtures were made from (see make_rustbpe_fixtures.sh). */
    static final String SAMPLE_SHA256 = "1619460b4591efcbcb1d4c1aa6f5d77680898f42fcb42a3c93c0fa5503d875e2";

    @ParameterizedTest(name = "{0}: {1} merges")
    @CsvSource({"GPT4, 2000, rustbpe-sample-gpt4.ranks", "NANOCHAT, 1000, rustbpe-sample-nanochat.ranks"})
    void mergeListEqualsRustbpesOnTheSampleCorpus(String patternName, int merges, String fixture) throws Exception {
        assertEquals(
                SAMPLE_SHA256,
                dumpSample(),
                "the sample text changed (jsoup or the WARC): rerun "
                        + "bench/tokenizer/make_rustbpe_fixtures.sh and update SAMPLE_SHA256");
        String pattern = (String) SplitPatterns.class.getField(patternName).get(null);
        BpeTrainerConfig config = new BpeTrainerConfig(256 + 10 + merges, pattern, 10, 2);
        List<byte[]> ours = new BpeTrainer(config).train(SampleText.pages()).tokenBytesByRank();
        List<byte[]> rustbpe = readRanks(fixture);
        assertEquals(rustbpe.size(), ours.size());
        for (int id = 0; id < ours.size(); id++) {
            assertArrayEquals(rustbpe.get(id), ours.get(id), "token " + id);
        }
    }

    @Test
    void mergesAreConsistentAndLookLikeEnglish() {
        BpeTrainingResult result =
                new BpeTrainer(BpeTrainerConfig.of(256 + 10 + 2000).withThreads(2)).train(SampleText.pages());
        assertTrue(result.isComplete());
        List<Merge> merges = result.merges();
        List<byte[]> bytes = result.tokenBytesByRank();
        Set<String> tokens = new HashSet<>();
        long previousCount = Long.MAX_VALUE;
        for (int i = 0; i < merges.size(); i++) {
            Merge m = merges.get(i);
            assertEquals(256 + i, m.id());
            assertTrue(m.left() < m.id() && m.right() < m.id(), m.toString());
            // The best count never rises: a new pair's count is at most the merged pair's.
            assertTrue(m.count() <= previousCount, "merge " + i + " count " + m.count() + " after " + previousCount);
            previousCount = m.count();
            tokens.add(new String(bytes.get(m.id()), StandardCharsets.UTF_8));
        }
        assertTrue(
                tokens.containsAll(Set.of(" the", " and", "ing", " function", " Python", " Debian")),
                tokens.toString());
        BpeTrainingStats stats = result.stats();
        assertTrue(stats.totalChunks() > stats.uniqueChunks() && stats.uniqueChunks() > 10_000, stats.toString());
    }

    /** Writes the sample text as rustbpe's fixture script reads it and returns its sha256. */
    private static String dumpSample() throws IOException, NoSuchAlgorithmException {
        byte[] text = String.join("\u001e", SampleText.pages()).getBytes(StandardCharsets.UTF_8);
        Path dump = Path.of("target", "tokenizer-sample.txt");
        Files.createDirectories(dump.getParent());
        Files.write(dump, text);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
    }

    private static List<byte[]> readRanks(String fixture) throws IOException {
        try (InputStream in = BpeTrainerCorpusTest.class.getResourceAsStream("/tokenizer/" + fixture)) {
            if (in == null) throw new IllegalStateException("missing test resource tokenizer/" + fixture);
            HexFormat hex = HexFormat.of();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .map(hex::parseHex)
                    .toList();
        }
    }
}
