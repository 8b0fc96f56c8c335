package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.curation.CurationActivitiesImpl;
import dev.tempered.activities.stage.InputSpec;
import dev.tempered.activities.stage.QueueKind;
import dev.tempered.activities.stage.StageDefinition;
import dev.tempered.activities.stage.StageTimeouts;
import java.time.Duration;

/** Stage {@code train-tokenizer}: curated text → a byte-level BPE tokenizer and a compression report. */
public final class TrainTokenizerStage {
    public static final StageDefinition DEFINITION = StageDefinition.builder("train-tokenizer", 1)
            .description(
                    "Byte-level BPE over UTF-8 with a regex pre-split and Tempered's special tokens; reports compression.")
            .params(TrainTokenizerParams.class)
            .input(InputSpec.required("in", CurationActivitiesImpl.TEXT_MANIFEST_KIND, "Curated text to train on."))
            .output(TokenizerArtifacts.KIND)
            .queue(QueueKind.CPU)
            .timeouts(new StageTimeouts(
                    // Training a 32k vocabulary on gigabytes takes hours; the heartbeat finds dead workers.
                    Duration.ofHours(12),
                    // A background thread heartbeats every 5 s while training; 60 s of silence is a dead worker.
                    Duration.ofSeconds(60),
                    // Training restarts from scratch on retry: a few tries for transient failures only.
                    5))
            .activity(
                    TokenizerActivities.class,
                    "trainTokenizer",
                    services -> new TokenizerActivitiesImpl(services.publisher()))
            .build();

    private TrainTokenizerStage() {}
}
