package dev.tempered.activities.catalog;

import dev.tempered.workflows.StageNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every stage Tempered knows, with its version and parameters. Each stage issue adds its entry. */
public final class StageCatalog {
    /** Client-side parameter of {@code ingest}: files and directories the submitter uploads. */
    public static final String INGEST_SOURCES = "sources";

    /** Model stages' {@code device} parameter; the value is also the task queue the stage is scheduled on. */
    public static final String DEVICE_PARAM = "device";
    /**
     * Where a model stage runs. {@code gpu} schedules it on the gpu task queue and fails on a worker
     * without a CUDA device. It is part of the cache key: GPU and CPU kernels round differently, so
     * the same run on another device gives other bytes.
     */
    private static final ParamSpec DEVICE = ParamSpec.choice(DEVICE_PARAM, "cpu", List.of("cpu", "gpu"),
            "cpu or gpu: the task queue the stage is scheduled on and the DJL device it computes on.");

    private static final Map<String, StageDefinition> STAGES = new LinkedHashMap<>();

    static {
        add(new StageDefinition(StageNames.INGEST, 1,
                "Read WARC files and directories of HTML files into sharded raw pages plus a manifest.",
                List.of(
                        ParamSpec.integer("shard_max_mb", 16, 1, 4096,
                                "Close a shard once its uncompressed JSON lines reach this many MiB."),
                        ParamSpec.integer("max_page_mb", 10, 1, 1024,
                                "Pages with larger bodies are skipped and counted as body-over-limit."),
                        ParamSpec.stringList("content_types", List.of("text/html", "application/xhtml+xml", "text/plain"),
                                "Media types kept; other responses are counted as skipped by type.")),
                List.of(ParamSpec.stringList(INGEST_SOURCES, List.of(),
                        "WARC files (.warc, .warc.gz) and directories of .html/.htm files, relative to the pipeline file."))));
        add(new StageDefinition(StageNames.CURATE, 1,
                "Raw pages to clean text the FineWeb way: URL filter, main-text extraction, language id, "
                        + "Gopher/C4/FineWeb quality filters, MinHash dedup, PII removal.",
                List.of(
                        ParamSpec.stringList("languages", List.of("en"), "Languages kept (fastText lid.176 codes)."),
                        ParamSpec.number("language_threshold", 0.65, 0, 1, "Minimum top-language probability (FineWeb: 0.65)."),
                        ParamSpec.integer("chunk_docs", 200, 1, 1_000_000,
                                "Pages per checkpoint inside a shard; a crash loses at most this much work."),
                        ParamSpec.bool("url_filter", true, "Drop pages whose URL is on the blocklists."),
                        ParamSpec.stringList("quality_filters",
                                List.of("gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality"),
                                "Quality filters, in order."),
                        ParamSpec.bool("dedup", true, "MinHash near-duplicate removal across the dataset."),
                        ParamSpec.bool("pii", true, "Replace emails, phone numbers, IPs and street addresses by placeholders."),
                        ParamSpec.bool("c4_filter_no_terminal_punct", false,
                                "C4's rule dropping lines without terminal punctuation (off in FineWeb).")),
                List.of()));
        add(new StageDefinition(StageNames.TRAIN_TOKENIZER, 1,
                "Byte-level BPE over UTF-8 with a regex pre-split and Tempered's special tokens; reports compression.",
                List.of(
                        ParamSpec.integer("vocab_size", 4096, 256 + 9 + 1, 1 << 20,
                                "Total vocabulary: 256 byte tokens, the merges and 9 special tokens."),
                        ParamSpec.string("pattern", dev.tempered.activities.tokenizer.PreTokenizer.CL100K_PATTERN,
                                "Pre-split regex (GPT-4's cl100k pattern by default)."),
                        ParamSpec.integer("held_out_percent", 5, 0, 50,
                                "Documents held out of training (by id hash) to measure compression."),
                        ParamSpec.integer("threads", 0, 0, 1024, "Threads that count chunks; 0 = all cores.")),
                List.of()));
        add(new StageDefinition(StageNames.TOKENIZE, 1,
                "Encode curated text into token shards (one BOS per document) for pretraining.",
                List.of(),
                List.of()));
        add(new StageDefinition(StageNames.PRETRAIN, 1,
                "Train a GPT from scratch on token shards (AdamW, warmup + cosine, global-norm clipping), "
                        + "checkpointing as it goes and resuming from the last checkpoint after a crash.",
                List.of(
                        ParamSpec.integer("layers", 2, 1, 48, "Transformer blocks."),
                        ParamSpec.integer("heads", 4, 1, 128, "Attention heads per block; width must be a multiple."),
                        ParamSpec.integer("width", 128, 8, 16384, "Embedding width (d_model)."),
                        ParamSpec.integer("context", 128, 8, 32768, "Context length in tokens (one training window)."),
                        ParamSpec.number("dropout", 0.0, 0, 0.9, "Dropout; 0 is best for single-epoch pretraining (nanoGPT)."),
                        ParamSpec.integer("steps", 300, 1, 100_000_000, "Optimizer steps."),
                        ParamSpec.integer("batch_size", 16, 1, 65536, "Windows per micro-batch."),
                        ParamSpec.integer("micro_batches", 1, 1, 4096,
                                "Micro-batches accumulated per step; tokens per step = batch_size × micro_batches × context."),
                        ParamSpec.number("learning_rate", 3e-3, 1e-7, 1, "Peak learning rate after warmup."),
                        ParamSpec.integer("warmup_steps", 30, 0, 100_000_000, "Steps of linear warmup."),
                        ParamSpec.number("min_lr_fraction", 0.1, 0, 1,
                                "The cosine ends at this fraction of the peak rate (nanoGPT: 0.1)."),
                        ParamSpec.number("weight_decay", 0.1, 0, 10, "AdamW decoupled weight decay on matrices and embeddings."),
                        ParamSpec.number("grad_clip", 1.0, 0, 1000, "Clip the global gradient norm to this; 0 disables."),
                        ParamSpec.integer("seed", 1337, 0, Long.MAX_VALUE, "Initialisation, data order and dropout seed."),
                        ParamSpec.integer("checkpoint_every", 100, 1, 100_000_000,
                                "Steps between checkpoints; a crash loses at most this many steps."),
                        ParamSpec.integer("eval_every", 50, 1, 100_000_000, "Steps between validation-loss measurements."),
                        ParamSpec.number("eval_fraction", 0.05, 0, 0.5,
                                "The last part of the tokens, held out for validation loss; 0 disables evaluation."),
                        DEVICE),
                List.of()));
        add(new StageDefinition(StageNames.SAMPLE, 1,
                "Complete a few prompts with a pretrained checkpoint and its tokenizer (KV cache, top-k/top-p).",
                List.of(
                        ParamSpec.stringList("prompts", List.of("The history of", "In this tutorial, we will",
                                        "The best way to learn", "Once upon a time"),
                                "Prompts to complete; each starts after a BOS token."),
                        ParamSpec.integer("max_tokens", 64, 1, 100_000, "New tokens per prompt at most."),
                        ParamSpec.number("temperature", 0.8, 0, 10, "Softmax temperature; 0 is greedy."),
                        ParamSpec.integer("top_k", 50, 0, 1 << 24, "Keep the k most likely tokens; 0 keeps all."),
                        ParamSpec.number("top_p", 0.95, 1e-6, 1, "Nucleus: keep the most likely tokens up to this probability."),
                        ParamSpec.integer("seed", 1, 0, Long.MAX_VALUE, "Sampling seed; the same seed gives the same text."),
                        DEVICE),
                List.of()));
        add(new StageDefinition(StageNames.NOOP, 1,
                "Heartbeat for a while and return: measures orchestration overhead.",
                List.of(
                        ParamSpec.integer("duration_ms", 0, 0, 3_600_000, "How long to stay busy, in milliseconds."),
                        ParamSpec.integer("salt", 0, 0, Long.MAX_VALUE,
                                "Distinguishes otherwise identical noop stages so each gets its own cache key.")),
                List.of()));
    }

    private StageCatalog() {}

    private static void add(StageDefinition d) {
        STAGES.put(d.name(), d);
    }

    /** The definition, or an error listing the stages that exist. */
    public static StageDefinition get(String stage, String path) {
        StageDefinition d = STAGES.get(stage);
        if (d == null) {
            throw new IllegalArgumentException(path + ": unknown stage '" + stage + "'; known stages: "
                    + String.join(", ", STAGES.keySet()));
        }
        return d;
    }

    public static List<StageDefinition> all() {
        return List.copyOf(STAGES.values());
    }
}
