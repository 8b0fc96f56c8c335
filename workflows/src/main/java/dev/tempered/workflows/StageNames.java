package dev.tempered.workflows;

import java.util.List;

/** The fixed vocabulary of stage names (see STYLE.md); a pipeline spec may only use these. */
public final class StageNames {
    /** WARC files and HTML directories to sharded raw pages. */
    public static final String INGEST = "ingest";
    /** Raw pages to clean, deduplicated, PII-free text shards (the FineWeb recipe). */
    public static final String CURATE = "curate";
    /** Curated text to a byte-level BPE tokenizer (tiktoken-compatible ranks). */
    public static final String TRAIN_TOKENIZER = "train-tokenizer";
    /** Curated text and a tokenizer to token shards for pretraining. */
    public static final String TOKENIZE = "tokenize";
    /** Token shards to a GPT trained from scratch, checkpointed as it goes. */
    public static final String PRETRAIN = "pretrain";
    /** A checkpoint and its tokenizer to completions of a few prompts: a look at what the model learned. */
    public static final String SAMPLE = "sample";
    /** Does nothing but heartbeat; measures orchestration overhead and exercises the machinery. */
    public static final String NOOP = "noop";

    public static final List<String> ALL = List.of(INGEST, CURATE, TRAIN_TOKENIZER, TOKENIZE, PRETRAIN, SAMPLE, NOOP);

    private StageNames() {}
}
