package dev.tempered.activities.tokenizer.stage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code token-manifest} artifact written by {@code tokenize} and read by {@code pretrain} and
 * the model loader: the one definition of its format. Written with the platform's canonical JSON
 * (keys sorted), so its bytes are those of the map it replaced.
 *
 * @param bytesPerToken width of one token in the shards: 2 (uint16) or 4 (uint32)
 * @param bos           the id of {@code <|bos|>}, which starts every document
 * @param byLanguage    counts per document language, as curate's language id named it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenManifest(
        String format,
        String shardFormat,
        String tokenizer,
        int vocabSize,
        int bytesPerToken,
        int bos,
        List<Shard> shards,
        long tokens,
        long documents,
        Map<String, LanguageCounts> byLanguage) {
    public static final String FORMAT = "tempered.token-manifest/v1";
    public static final String KIND = "token-manifest";

    public TokenManifest {
        shards = shards == null ? List.of() : List.copyOf(shards);
        byLanguage = byLanguage == null ? Map.of() : byLanguage;
    }

    /** One token shard: its digest and counts. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Shard(String digest, long tokens, long documents, long specialTokenTextDocs) {}

    /** @param bytesPerToken UTF-8 bytes per token, 3 decimals; null when the language has no tokens */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LanguageCounts(long docs, long bytes, long tokens, Double bytesPerToken) {}

    public byte[] toJson() {
        return Json.writeBytes(this);
    }

    /**
     * Reads a manifest, refusing anything else with a non-retryable error that names the artifact
     * and what was found instead.
     */
    public static TokenManifest read(byte[] json, String digest) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidStageInputException("artifact " + digest + " is not a token manifest: it is not JSON", e);
        }
        String format = tree == null ? "" : tree.path("format").asText();
        if (!FORMAT.equals(format)) {
            throw new InvalidStageInputException("artifact " + digest + " is not a token manifest (format '" + format
                    + "', expected " + FORMAT + "); give it the output of tokenize");
        }
        try {
            return Json.MAPPER.treeToValue(tree, TokenManifest.class);
        } catch (IOException e) {
            throw new InvalidStageInputException("token manifest " + digest + " is malformed: " + e.getMessage(), e);
        }
    }
}
