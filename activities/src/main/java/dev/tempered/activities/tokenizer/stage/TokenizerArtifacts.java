package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.tokenizer.TokenizerFiles;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.ArtifactStore;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tokenizer in object storage: the tiktoken rank file and its JSON sidecar as two artifacts,
 * tied together by a small {@code tokenizer} artifact (format {@code tempered.tokenizer-artifact/v1})
 * that stages pass around.
 */
public final class TokenizerArtifacts {
    public static final String KIND = "tokenizer";
    public static final String FORMAT = "tempered.tokenizer-artifact/v1";

    private TokenizerArtifacts() {}

    public static ArtifactRecord publish(
            ArtifactPublisher publisher, TokenizerSpec spec, Path workDir, Map<String, Object> metadata)
            throws IOException {
        Path ranks = workDir.resolve("tokenizer.tiktoken");
        TokenizerFiles.write(ranks, spec);
        ArtifactRecord ranksArtifact =
                publisher.publish(ranks, "tokenizer-ranks", "text/plain", Map.of("format", "tiktoken"));
        ArtifactRecord sidecar = publisher.publish(
                TokenizerFiles.sidecarOf(ranks),
                "tokenizer-spec",
                "application/json",
                Map.of("format", TokenizerFiles.FORMAT));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("ranks", ranksArtifact.digest());
        manifest.put("spec", sidecar.digest());
        manifest.put("vocab_size", spec.vocabSize());
        manifest.put("pattern", spec.pattern());
        manifest.put("special_tokens", spec.specialTokens());
        Map<String, Object> meta = new LinkedHashMap<>(metadata);
        meta.put("vocab_size", spec.vocabSize());
        return publisher.publish(Json.writeBytes(manifest), KIND, "application/json", meta);
    }

    /** Loads and validates a tokenizer artifact; errors name the digest and the file at fault. */
    public static TokenizerSpec load(ArtifactStore store, String digest, Path workDir) throws IOException {
        Map<String, Object> manifest;
        try {
            manifest = Json.readMap(new String(store.readAllBytes(digest), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new InvalidStageInputException("artifact " + digest + " is not a tokenizer: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(manifest.get("format"))) {
            throw new InvalidStageInputException(
                    "artifact " + digest + " is not a tokenizer (format " + manifest.get("format") + ")");
        }
        Path dir = Files.createTempDirectory(workDir, "tokenizer-");
        Path ranks = dir.resolve(digest.substring(0, 12) + ".tiktoken");
        store.download((String) manifest.get("ranks"), ranks);
        store.download((String) manifest.get("spec"), TokenizerFiles.sidecarOf(ranks));
        return TokenizerFiles.read(ranks);
    }
}
