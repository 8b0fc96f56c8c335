package dev.tempered.activities.tokenizer.stage;

import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.curation.Document;
import dev.tempered.activities.stage.StageParams;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.train.BpeTrainer;
import dev.tempered.activities.tokenizer.train.BpeTrainerConfig;
import dev.tempered.activities.tokenizer.train.BpeTrainingResult;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Temporal adapter of the tokenizer stages: {@code train-tokenizer} streams curate's text into
 * {@link BpeTrainer} (holding out a stable slice for the compression report) and stores the
 * tokenizer; {@code tokenize} encodes every text shard into a token shard, resuming after the
 * last finished shard.
 */
public final class TokenizerActivitiesImpl implements TokenizerActivities {
    private static final long HEARTBEAT_EVERY_SECONDS = 5;
    /** The format of each token shard (see {@link TokenShardFormat}), named in its metadata and the manifest. */
    private static final String TOKEN_SHARD_FORMAT = "tempered.tokens/v1";

    private final ArtifactPublisher publisher;

    public TokenizerActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult trainTokenizer(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        TrainTokenizerParams p = StageParams.read(request, TrainTokenizerParams.class);
        int vocabSize = p.vocabSize();
        int heldOutPercent = p.heldOutPercent();
        String pattern = p.pattern();
        int threads = p.threads();
        String textDigest = StageWork.requireInput(request, "in");
        Path work = null;
        AtomicLong docsRead = new AtomicLong();
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "train-tokenizer-heartbeat");
            t.setDaemon(true);
            return t;
        });
        try {
            work = Files.createTempDirectory("tempered-tokenizer-");
            TextCorpus corpus = new TextCorpus(publisher.store(), textDigest);
            List<Document> heldOut = new ArrayList<>();
            Iterator<Document> all = corpus.documents();
            // Training consumes the held-in documents as it reads them; held-out ones are kept aside.
            Iterator<CharSequence> training = new Iterator<>() {
                private Document next;

                @Override
                public boolean hasNext() {
                    while (next == null && all.hasNext()) {
                        Document d = all.next();
                        docsRead.incrementAndGet();
                        if (HeldOut.isHeldOut(d.id(), heldOutPercent)) heldOut.add(d);
                        else next = d;
                    }
                    return next != null;
                }

                @Override
                public CharSequence next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    String text = next.text();
                    next = null;
                    return text;
                }
            };
            beat.scheduleAtFixedRate(
                    () -> ctx.heartbeat(Map.of("phase", "training", "docs_read", docsRead.get())),
                    0,
                    HEARTBEAT_EVERY_SECONDS,
                    TimeUnit.SECONDS);
            BpeTrainerConfig config = BpeTrainerConfig.of(vocabSize)
                    .withSplitPattern(pattern)
                    .withSpecialTokens(SpecialTokens.ALL.size())
                    .withThreads(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
            BpeTrainingResult trained = new BpeTrainer(config).train(training);
            beat.shutdownNow();
            List<byte[]> ranks = trained.tokenBytesByRank();
            TokenizerSpec spec = new TokenizerSpec(pattern, ranks, SpecialTokens.assign(ranks.size()));
            ctx.heartbeat(Map.of("phase", "report", "docs_read", docsRead.get()));
            CompressionReport report = new CompressionReport(new BpeEncoder(spec));
            for (Document d : heldOut) report.add(d);

            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("vocab_size", spec.vocabSize());
            stats.put("merges", trained.merges().size());
            stats.put("complete", trained.isComplete());
            stats.put("training_docs", docsRead.get() - heldOut.size());
            stats.put("total_chunks", trained.stats().totalChunks());
            stats.put("unique_chunks", trained.stats().uniqueChunks());
            Map<String, Object> compression = report.toMap(ranks);
            Map<String, Object> reportJson = new LinkedHashMap<>(stats);
            reportJson.put("format", "tempered.tokenizer-report/v1");
            reportJson.putAll(compression);
            ArtifactRecord tokenizer = TokenizerArtifacts.publish(
                    publisher, spec, work, Map.of("merges", trained.merges().size()));
            ArtifactRecord reportArtifact = publisher.publish(
                    Json.writeBytes(reportJson),
                    "tokenizer-report",
                    "application/json",
                    Map.of("vocab_size", spec.vocabSize()));

            Map<String, Object> summary = new LinkedHashMap<>(stats);
            // Wall time belongs to this run, not to the artifact: the report must be a function
            // of its inputs so that a rerun reproduces it byte for byte.
            summary.put("train_seconds", trained.stats().total().toMillis() / 1000.0);
            summary.put("bytes_per_token", compression.get("bytes_per_token"));
            summary.put("bytes_per_token_by_language", compression.get("bytes_per_token_by_language"));
            summary.put("held_out_docs", compression.get("held_out_docs"));
            summary.put(
                    "longest_tokens",
                    ((List<?>) compression.get("longest_tokens"))
                            .subList(0, Math.min(10, ((List<?>) compression.get("longest_tokens")).size())));
            return new StageResult(
                    tokenizer.digest(),
                    List.of(
                            new OutputRef("tokenizer", tokenizer.digest()),
                            new OutputRef("report", reportArtifact.digest())),
                    summary);
        } catch (IOException e) {
            throw new UncheckedIOException("training the tokenizer on " + textDigest + " failed: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(
                    "training the tokenizer on " + textDigest + " failed: " + e.getMessage(), e.getCause());
        } finally {
            beat.shutdownNow();
            StageWork.deleteTree(work);
        }
    }

    /** Heartbeat of {@code tokenize}: shards finished so far and their counts. */
    public record TokenizeProgress(List<TokenManifest.Shard> shards, Map<String, Map<String, Long>> byLanguage) {
        /** Deep copies: the SDK may serialise heartbeat details after the activity changed its maps. */
        public TokenizeProgress {
            shards = List.copyOf(shards);
            Map<String, Map<String, Long>> copy = new TreeMap<>();
            byLanguage.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
            byLanguage = copy;
        }
    }

    @Override
    public StageResult tokenize(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        String textDigest = StageWork.requireInput(request, "text");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        TokenizeProgress progress =
                ctx.getHeartbeatDetails(TokenizeProgress.class).orElse(new TokenizeProgress(List.of(), Map.of()));
        List<TokenManifest.Shard> shards = new ArrayList<>(progress.shards());
        Map<String, Map<String, Long>> byLanguage = new TreeMap<>();
        progress.byLanguage().forEach((k, v) -> byLanguage.put(k, new TreeMap<>(v)));
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-tokenize-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            BpeEncoder encoder = new BpeEncoder(spec);
            Integer bos = spec.specialTokens().get(SpecialTokens.BOS);
            if (bos == null)
                throw new InvalidStageInputException(
                        "tokenizer " + tokenizerDigest + " has no " + SpecialTokens.BOS + " token");
            String extraDigest = request.inputs().get("extra_text");
            // Extra text first: pretrain and evaluate hold out the manifest's tail, which so stays web text.
            TextCorpus corpus = new TextCorpus(
                    publisher.store(), extraDigest == null ? List.of(textDigest) : List.of(extraDigest, textDigest));
            for (int s = shards.size(); s < corpus.shards().size(); s++) {
                Path file = work.resolve("tokens-" + s + ".bin");
                long specialText = 0;
                try (TokenShardWriter writer = new TokenShardWriter(file, spec.vocabSize())) {
                    Iterator<Document> docs = corpus.documents(s);
                    while (docs.hasNext()) {
                        Document d = docs.next();
                        // Web text that happens to spell a special token stays ordinary text: only the
                        // platform inserts real specials (one BOS per document here).
                        if (containsSpecialText(d.text(), spec)) specialText++;
                        int[] ids = encoder.encodeOrdinary(d.text());
                        writer.writeDocument(bos, ids);
                        String lang = String.valueOf(d.metadata().getOrDefault("lang", "unknown"));
                        Map<String, Long> row = byLanguage.computeIfAbsent(lang, k -> new TreeMap<>());
                        row.merge("docs", 1L, Long::sum);
                        row.merge("bytes", (long) d.text().getBytes(StandardCharsets.UTF_8).length, Long::sum);
                        row.merge("tokens", (long) ids.length, Long::sum);
                    }
                    writer.close();
                    ArtifactRecord shard = publisher.publish(
                            file,
                            "token-shard",
                            TokenShardFormat.MEDIA_TYPE,
                            Map.of(
                                    "format",
                                    TOKEN_SHARD_FORMAT,
                                    "tokens",
                                    writer.tokens(),
                                    "documents",
                                    writer.documents(),
                                    "bytes_per_token",
                                    TokenShardFormat.bytesPerToken(spec.vocabSize())));
                    shards.add(
                            new TokenManifest.Shard(shard.digest(), writer.tokens(), writer.documents(), specialText));
                }
                Files.deleteIfExists(file);
                ctx.heartbeat(new TokenizeProgress(List.copyOf(shards), byLanguage));
            }
            long tokens = shards.stream().mapToLong(TokenManifest.Shard::tokens).sum();
            long documents =
                    shards.stream().mapToLong(TokenManifest.Shard::documents).sum();
            Map<String, TokenManifest.LanguageCounts> langs = new TreeMap<>();
            byLanguage.forEach((lang, row) -> langs.put(
                    lang,
                    new TokenManifest.LanguageCounts(
                            row.get("docs"),
                            row.get("bytes"),
                            row.get("tokens"),
                            row.get("tokens") == 0
                                    ? null
                                    : Math.round(1000.0 * row.get("bytes") / row.get("tokens")) / 1000.0)));
            TokenManifest manifest = new TokenManifest(
                    TokenManifest.FORMAT,
                    TOKEN_SHARD_FORMAT,
                    tokenizerDigest,
                    spec.vocabSize(),
                    TokenShardFormat.bytesPerToken(spec.vocabSize()),
                    bos,
                    shards,
                    tokens,
                    documents,
                    langs);
            ArtifactRecord m = publisher.publish(
                    manifest.toJson(),
                    TokenManifest.KIND,
                    "application/json",
                    Map.of("tokens", tokens, "shards", shards.size()));
            List<OutputRef> outputs = new ArrayList<>();
            outputs.add(new OutputRef("manifest", m.digest()));
            for (TokenManifest.Shard s : shards) outputs.add(new OutputRef("shard", s.digest()));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("tokens", tokens);
            summary.put("documents", documents);
            summary.put("shards", shards.size());
            summary.put("vocab_size", spec.vocabSize());
            summary.put("by_language", Json.MAPPER.convertValue(langs, Map.class));
            summary.put(
                    "special_token_text_docs",
                    shards.stream()
                            .mapToLong(TokenManifest.Shard::specialTokenTextDocs)
                            .sum());
            return new StageResult(m.digest(), outputs, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("tokenizing " + textDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    private static boolean containsSpecialText(String text, TokenizerSpec spec) {
        if (text.indexOf("<|") < 0) return false;
        for (String special : spec.specialTokens().keySet()) if (text.contains(special)) return true;
        return false;
    }
}
