package dev.tempered.activities.model.stage;

import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenShardFormat;
import dev.tempered.activities.tokenizer.stage.TokenShardWriter;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Token data for the model stages' tests, written and published as {@code tokenize} does. */
public final class TestTokenManifests {
    private TestTokenManifests() {}

    /**
     * Encodes {@code docs} (BOS before each) into one token shard and publishes it with its
     * {@code tempered.token-manifest/v1}; returns the manifest's digest.
     *
     * @param tokenizer the digest of {@code spec}'s published tokenizer, which the manifest names
     * @param work a directory for the shard file while it is published
     */
    public static String publish(
            ArtifactPublisher publisher, TokenizerSpec spec, String tokenizer, List<String> docs, Path work)
            throws IOException {
        BpeEncoder encoder = new BpeEncoder(spec);
        int bos = spec.specialTokens().get(SpecialTokens.BOS);
        Path shard = Files.createTempFile(work, "tokens", ".bin");
        long tokens;
        try (TokenShardWriter w = new TokenShardWriter(shard, spec.vocabSize())) {
            for (String d : docs) w.writeDocument(bos, encoder.encodeOrdinary(d));
            w.close();
            tokens = w.tokens();
        }
        String shardDigest = publisher
                .publish(shard, "token-shard", TokenShardFormat.MEDIA_TYPE, Map.of())
                .digest();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "tempered.token-manifest/v1");
        m.put("tokenizer", tokenizer);
        m.put("vocab_size", spec.vocabSize());
        m.put("bos", bos);
        m.put("shards", List.of(Map.of("digest", shardDigest, "tokens", tokens)));
        m.put("tokens", tokens);
        return publisher
                .publish(Json.writeBytes(m), "token-manifest", "application/json", Map.of())
                .digest();
    }
}
