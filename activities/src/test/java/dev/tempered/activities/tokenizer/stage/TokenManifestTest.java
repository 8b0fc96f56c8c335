package dev.tempered.activities.tokenizer.stage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.storage.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The one definition of the token-manifest format: same bytes as the map tokenize wrote before, format checked on read. */
class TokenManifestTest {
    private static final String TOKENIZER = "ab".repeat(32);
    private static final String SHARD = "cd".repeat(32);

    @Test
    void writesTheBytesOfTheMapItReplaced() {
        TokenManifest record = new TokenManifest(
                TokenManifest.FORMAT,
                "tempered.tokens/v1",
                TOKENIZER,
                4096,
                2,
                4096 - 9,
                List.of(new TokenManifest.Shard(SHARD, 231_776, 412, 3)),
                231_776,
                412,
                new TreeMap<>(Map.of(
                        "en",
                        new TokenManifest.LanguageCounts(400, 1_000_123, 230_000, 4.348),
                        "xx",
                        new TokenManifest.LanguageCounts(12, 0, 0, null))));
        // The manifest as TokenizerActivitiesImpl built it before the record, field by field.
        Map<String, Object> shard = new LinkedHashMap<>();
        shard.put("digest", SHARD);
        shard.put("tokens", 231_776L);
        shard.put("documents", 412L);
        shard.put("special_token_text_docs", 3L);
        Map<String, Object> en =
                new LinkedHashMap<>(new TreeMap<>(Map.of("docs", 400L, "bytes", 1_000_123L, "tokens", 230_000L)));
        en.put("bytes_per_token", 4.348);
        Map<String, Object> xx = new LinkedHashMap<>(new TreeMap<>(Map.of("docs", 12L, "bytes", 0L, "tokens", 0L)));
        xx.put("bytes_per_token", null);
        Map<String, Object> langs = new LinkedHashMap<>();
        langs.put("en", en);
        langs.put("xx", xx);
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("format", "tempered.token-manifest/v1");
        old.put("shard_format", "tempered.tokens/v1");
        old.put("tokenizer", TOKENIZER);
        old.put("vocab_size", 4096);
        old.put("bytes_per_token", 2);
        old.put("bos", 4087);
        old.put("shards", List.of(shard));
        old.put("tokens", 231_776L);
        old.put("documents", 412L);
        old.put("by_language", langs);
        assertArrayEquals(Json.writeBytes(old), record.toJson(), new String(record.toJson(), StandardCharsets.UTF_8));
        assertEquals(record, TokenManifest.read(record.toJson(), "m"));
    }

    @Test
    void readingRefusesOtherFormatsNamingTheArtifact() {
        String digest = "ef".repeat(32);
        InvalidStageInputException other = assertThrows(
                InvalidStageInputException.class,
                () -> TokenManifest.read(
                        "{\"format\":\"tempered.tokenizer/v1\"}".getBytes(StandardCharsets.UTF_8), digest));
        assertEquals(
                "artifact " + digest + " is not a token manifest (format 'tempered.tokenizer/v1', expected "
                        + "tempered.token-manifest/v1); give it the output of tokenize",
                other.getMessage());
        InvalidStageInputException notJson = assertThrows(
                InvalidStageInputException.class,
                () -> TokenManifest.read("TMPRTOKS".getBytes(StandardCharsets.UTF_8), digest));
        assertTrue(notJson.getMessage().contains("is not a token manifest: it is not JSON"), notJson.getMessage());
    }
}
