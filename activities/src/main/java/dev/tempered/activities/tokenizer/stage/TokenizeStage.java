package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import java.time.Duration;

/** Stage {@code tokenize}: curated text + tokenizer → token shards and a {@link TokenManifest}. */
public final class TokenizeStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("tokenize", 1)
            .description("Encode curated text (and optional extra text) into token shards (one BOS per document) for "
                    + "pretraining.")
            .params(TokenizeParams.class)
            .input(InputSpec.required("text", CurationActivitiesImpl.TEXT_MANIFEST_KIND, "Curated text to encode."))
            .input(InputSpec.required("tokenizer", TokenizerArtifacts.KIND, "The tokenizer to encode with."))
            .input(InputSpec.optional(
                    "extra_text",
                    CurationActivitiesImpl.TEXT_MANIFEST_KIND,
                    "More text to pretrain on, such as synthesize's facts_text; its shards come first, so the "
                            + "held-out tail pretrain and evaluate measure stays the curated text's."))
            .output(TokenManifest.KIND)
            .queue(QueueKind.CPU)
            .timeouts(new StageTimeouts(
                    // Gigabytes of text take hours to encode; the heartbeat finds dead workers.
                    Duration.ofHours(12),
                    // Tokenize heartbeats after every shard (seconds each); 60 s of silence is a dead worker
                    // and the retry resumes after the last finished shard.
                    Duration.ofSeconds(60),
                    5))
            .activity(
                    TokenizerActivities.class,
                    "tokenize",
                    services -> new TokenizerActivitiesImpl(services.publisher()))
            .build();

    private TokenizeStage() {}
}
