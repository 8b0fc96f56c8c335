package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.stage.Param;
import dev.tempered.activities.tokenizer.PreTokenizer;

/** Parameters of stage {@code train-tokenizer} (see {@link TrainTokenizerStage}). */
public record TrainTokenizerParams(
        @Param(
                doc = "Total vocabulary: 256 byte tokens, the merges and 9 special tokens.",
                min = 256 + 9 + 1,
                max = 1 << 20)
        int vocabSize,

        @Param(doc = "Pre-split regex (GPT-4's cl100k pattern by default).")
        String pattern,

        @Param(
                doc = "Documents held out of training (by id hash) to measure compression, in percent.",
                min = 0,
                max = 50)
        int heldOutPercent,

        @Param(doc = "Threads that count chunks; 0 = all cores.", min = 0, max = 1024)
        int threads) {

    public static final TrainTokenizerParams DEFAULTS =
            new TrainTokenizerParams(4096, PreTokenizer.CL100K_PATTERN, 5, 0);
}
