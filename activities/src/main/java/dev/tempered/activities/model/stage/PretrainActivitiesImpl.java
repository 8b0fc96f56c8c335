package dev.tempered.activities.model.stage;

import dev.tempered.activities.StageWork;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.NonFiniteLossException;
import dev.tempered.activities.model.Sampler;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.stage.StageParams;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.NamedDigest;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.PretrainActivities;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Temporal adapter of the model stages. {@code pretrain} reads every token shard of a
 * {@code tempered.token-manifest/v1}, holds out its last tokens for validation, trains a
 * {@link Gpt} with {@link GptTrainer}, publishes a {@link Checkpoint} every {@code checkpoint_every}
 * steps and heartbeats {@link PretrainProgress}; a retry resumes bit-exactly from the heartbeated
 * checkpoint. {@code sample} completes prompts with a checkpoint and its tokenizer.
 *
 * <p>Both run on the {@code device} param's device ({@link ModelDevice}). Not here: streaming shards
 * larger than memory (all tokens are read into {@code int[]}), several GPUs, several trainers per JVM (DJL allows one gradient collector at a time).
 */
public final class PretrainActivitiesImpl implements PretrainActivities {
    public static final String CHECKPOINT_KIND = "checkpoint";
    public static final String SAMPLES_FORMAT = "tempered.samples/v1";
    /** Metric points are written in batches of this many steps: one transaction, not four, per step. */
    private static final int METRICS_EVERY_STEPS = 10;
    /** Validation loss is the mean over at most this many batches of held-out windows, always the same ones. */
    private static final int EVAL_BATCHES = 8;

    /**
     * Heartbeat of {@code pretrain}: the last step done and the last checkpoint published (null
     * before the first), plus every checkpoint so far in step order, so a resumed attempt still
     * reports them all.
     */
    public record PretrainProgress(long step, String checkpoint, List<String> checkpoints) {
        public PretrainProgress {
            checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        }
    }

    private final ArtifactPublisher publisher;

    public PretrainActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult pretrain(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        PretrainParams p = PretrainParams.of(request.params());
        Device device = ModelDevice.of(p.device(), "pretrain");
        String manifestDigest = StageWork.requireInput(request, "in");
        PretrainProgress progress = ctx.getHeartbeatDetails(PretrainProgress.class)
                .orElse(new PretrainProgress(0, null, List.of()));
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-pretrain-");
            TokenData data = TokenData.load(publisher.store(), manifestDigest, p.evalFraction());
            GptConfig config = new GptConfig(p.layers(), p.heads(), p.width(), p.context(), data.vocabSize(), p.dropout());
            LearningRateSchedule schedule = new LearningRateSchedule(p.learningRate(), p.learningRate() * p.minLrFraction(),
                    Math.min(p.warmupSteps(), p.steps()), p.steps());
            TokenWindows loader = trainingWindows(data, p, manifestDigest);
            UUID stageRunId = request.stageRunId() == null ? null : UUID.fromString(request.stageRunId());

            List<String> checkpoints = new ArrayList<>(progress.checkpoints());
            String lastCheckpoint = progress.checkpoint();
            List<MetricPoint> pending = new ArrayList<>();
            double finalLoss = Double.NaN;
            double finalValLoss = Double.NaN;
            long tokensThisAttempt = 0;
            long nanosThisAttempt = 0;
            long resumedFrom;
            try (NDManager manager = NDManager.newBaseManager(device);
                    Model m = lastCheckpoint == null ? Model.fresh(config, p, manager)
                            : Model.resume(publisher, lastCheckpoint, config, manager)) {
                if (m.loaderPosition != null) loader.seek(m.loaderPosition);
                resumedFrom = m.step;
                try (GptTrainer trainer = new GptTrainer(m.gpt, m.optimizer, schedule, p.gradClip(), p.seed(), m.step)) {
                    int tokensPerStep = p.batchSize() * p.microBatches() * p.context();
                    while (trainer.step() < p.steps()) {
                        List<TokenWindows.Batch> batches = new ArrayList<>(p.microBatches());
                        for (int i = 0; i < p.microBatches(); i++) batches.add(loader.next(p.batchSize()));
                        long t0 = System.nanoTime();
                        GptTrainer.StepResult r;
                        try {
                            r = trainer.step(batches);
                        } catch (NonFiniteLossException e) {
                            flushMetrics(stageRunId, pending);
                            throw diverged(e.step() + 1, p, e.what() + ", so the update was not applied", progress, e);
                        }
                        long nanos = System.nanoTime() - t0;
                        tokensThisAttempt += tokensPerStep;
                        nanosThisAttempt += nanos;
                        finalLoss = r.loss();
                        pending.add(MetricPoint.of(r.step(), "loss", r.loss()));
                        pending.add(MetricPoint.of(r.step(), "lr", r.learningRate()));
                        pending.add(MetricPoint.of(r.step(), "grad_norm", r.gradNorm()));
                        pending.add(MetricPoint.of(r.step(), "tokens_per_s", tokensPerStep / (nanos / 1e9)));
                        boolean last = r.step() == p.steps();
                        if (data.validation() != null && (r.step() % p.evalEvery() == 0 || last)) {
                            finalValLoss = Evaluation.loss(m.gpt, data.validation(), p.context(), p.batchSize(), p.seed(), EVAL_BATCHES);
                            pending.add(MetricPoint.of(r.step(), "val_loss", finalValLoss));
                        }
                        if (r.step() % p.checkpointEvery() == 0 || last) {
                            Checkpoint snapshot = Checkpoint.of(trainer, loader, p.seed());
                            // A finite loss does not prove finite weights: the update after it may overflow.
                            Optional<String> bad = snapshot.firstNonFinite();
                            if (bad.isPresent()) {
                                flushMetrics(stageRunId, pending);
                                throw diverged(r.step(), p, "after the update " + bad.get() + " holds a NaN or infinity, "
                                        + "so no checkpoint was written for it", progress, null);
                            }
                            // Metrics up to the checkpoint are stored before the heartbeat names it: a retry
                            // resumes after this step and would otherwise never record the unflushed ones.
                            flushMetrics(stageRunId, pending);
                            Path file = work.resolve("step-" + r.step() + ".ckpt");
                            snapshot.write(file);
                            ArtifactRecord ckpt = publisher.publish(file, CHECKPOINT_KIND, "application/octet-stream",
                                    Map.of("format", Checkpoint.FORMAT + " v" + Checkpoint.VERSION, "step", r.step(),
                                            "loss", r.loss(), "parameters", config.parameterCount()));
                            Files.deleteIfExists(file);
                            lastCheckpoint = ckpt.digest();
                            checkpoints.add(ckpt.digest());
                            // Linked now, not only on success: a run that diverges or dies later keeps them.
                            if (stageRunId != null) publisher.lineage().addStageOutputs(stageRunId,
                                    List.of(new NamedDigest("checkpoint_step_" + r.step(), ckpt.digest())));
                            progress = new PretrainProgress(r.step(), lastCheckpoint, checkpoints);
                        }
                        if (r.step() % METRICS_EVERY_STEPS == 0 || last) flushMetrics(stageRunId, pending);
                        // The SDK throttles heartbeats; sending one per step keeps the worker visibly alive.
                        ctx.heartbeat(progress);
                    }
                }
            }
            flushMetrics(stageRunId, pending);

            List<OutputRef> outputs = new ArrayList<>();
            outputs.add(new OutputRef("checkpoint", lastCheckpoint));
            for (int i = 0; i < checkpoints.size() - 1; i++) {
                long step = Math.min((long) (i + 1) * p.checkpointEvery(), p.steps());
                outputs.add(new OutputRef("checkpoint_step_" + step, checkpoints.get(i)));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("parameters", config.parameterCount());
            summary.put("steps", p.steps());
            summary.put("resumed_from_step", resumedFrom);
            summary.put("attempt", ctx.getInfo().getAttempt());
            // Null when a retry resumed from the final checkpoint and had no step left to take.
            summary.put("final_loss", Double.isNaN(finalLoss) ? null : round(finalLoss));
            summary.put("final_val_loss", Double.isNaN(finalValLoss) ? null : round(finalValLoss));
            summary.put("unigram_entropy_nats", round(data.unigramEntropy()));
            summary.put("train_tokens", data.train().length);
            summary.put("val_tokens", data.validation() == null ? 0 : data.validation().length);
            summary.put("tokens_per_s", nanosThisAttempt == 0 ? null : Math.round(tokensThisAttempt / (nanosThisAttempt / 1e9)));
            summary.put("device", p.device());
            summary.put("engine_threads", JniUtils.getNumThreads());
            summary.put("config", Json.readMap(config.toJsonString()));
            return new StageResult(lastCheckpoint, outputs, summary);
        } catch (CheckpointFormatException e) {
            throw nonRetryable(e);
        } catch (IOException e) {
            throw new UncheckedIOException("pretraining on " + manifestDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    @Override
    public StageResult sampleModel(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        Map<String, Object> params = request.params();
        SampleParams sp = StageParams.read(request, SampleParams.class);
        String device = sp.device();
        Device onDevice = ModelDevice.of(device, "sample");
        String modelDigest = StageWork.requireInput(request, "model");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        List<String> prompts = sp.prompts();
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-sample-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            Checkpoint ckpt = readCheckpoint(publisher, modelDigest);
            ckpt.requireCompatible(ckpt.config(), spec.vocabSize(), "checkpoint " + modelDigest);
            Integer bos = spec.specialTokens().get(SpecialTokens.BOS);
            if (bos == null) throw new InvalidStageInputException("tokenizer " + tokenizerDigest + " has no " + SpecialTokens.BOS + " token");
            BpeEncoder encoder = new BpeEncoder(spec);
            long seed = sp.seed();
            List<Map<String, Object>> samples = new ArrayList<>();
            try (NDManager manager = NDManager.newBaseManager(onDevice);
                    Gpt model = Gpt.fromValues(ckpt.config(), ckpt.parameters(), manager)) {
                Sampler sampler = new Sampler(model);
                for (int i = 0; i < prompts.size(); i++) {
                    String prompt = prompts.get(i);
                    int[] ordinary = encoder.encodeOrdinary(prompt);
                    int[] ids = new int[ordinary.length + 1];
                    ids[0] = bos; // Documents were trained as BOS + text, so a prompt starts the same way.
                    System.arraycopy(ordinary, 0, ids, 1, ordinary.length);
                    Sampler.Options options = new Sampler.Options(sp.maxTokens(), sp.temperature(), sp.topK(), sp.topP(),
                            seed + i, Set.of(bos));
                    Sampler.Result r = sampler.generate(ids, options, true);
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("prompt", prompt);
                    s.put("completion", encoder.decode(r.tokens()));
                    s.put("tokens", r.tokens().length);
                    s.put("stop", r.stop().name().toLowerCase());
                    samples.add(s);
                    ctx.heartbeat(i + 1);
                }
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("format", SAMPLES_FORMAT);
            doc.put("model", modelDigest);
            doc.put("tokenizer", tokenizerDigest);
            doc.put("step", ckpt.step());
            doc.put("params", params);
            doc.put("samples", samples);
            ArtifactRecord a = publisher.publish(Json.writeBytes(doc), "samples", "application/json",
                    Map.of("prompts", samples.size(), "step", ckpt.step()));
            List<Map<String, Object>> shown = new ArrayList<>();
            for (Map<String, Object> s : samples) shown.add(Map.of("prompt", s.get("prompt"), "completion", s.get("completion")));
            return new StageResult(a.digest(), List.of(new OutputRef("samples", a.digest())),
                    Map.of("samples", shown, "step", ckpt.step(), "device", device, "engine_threads", JniUtils.getNumThreads()));
        } catch (CheckpointFormatException e) {
            throw nonRetryable(e);
        } catch (IOException e) {
            throw new UncheckedIOException("sampling " + modelDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    /**
     * Training diverged: a non-retryable error naming the update and the last good checkpoint
     * (already published and linked to this stage run), since retrying the same step on the same
     * data and weights diverges the same way.
     */
    private static InvalidStageInputException diverged(long update, PretrainParams p, String what,
                                                       PretrainProgress lastGood, Throwable cause) {
        return new InvalidStageInputException("pretrain diverged at update " + update + " of " + p.steps() + ": " + what
                + ". Last good checkpoint: " + (lastGood.checkpoint() == null ? "none"
                        : lastGood.checkpoint() + " (step " + lastGood.step() + ", an output of this stage run as checkpoint_step_"
                        + lastGood.step() + ")")
                + ". Lower learning_rate or raise warmup_steps and run again", cause);
    }

    private static TokenWindows trainingWindows(TokenData data, PretrainParams p, String manifestDigest) {
        if (data.train().length < p.context() + 1) {
            throw new InvalidStageInputException("token manifest " + manifestDigest + " holds " + data.train().length
                    + " training tokens, fewer than one window of context + 1 = " + (p.context() + 1)
                    + "; lower context or tokenize more text");
        }
        return new TokenWindows(List.of(data.train()), p.context(), p.seed());
    }

    static Checkpoint readCheckpoint(ArtifactPublisher publisher, String digest) throws IOException {
        try (InputStream in = publisher.store().open(digest)) {
            return Checkpoint.read(in, "checkpoint " + digest);
        }
    }

    private void flushMetrics(UUID stageRunId, List<MetricPoint> pending) {
        if (stageRunId != null && !pending.isEmpty()) publisher.lineage().recordMetrics(stageRunId, List.copyOf(pending));
        pending.clear();
    }

    /** The model and optimizer to train, fresh or from a checkpoint, and where the loader continues. */
    private static final class Model implements AutoCloseable {
        final Gpt gpt;
        final AdamW optimizer;
        final long step;
        final TokenWindows.Position loaderPosition;

        private Model(Gpt gpt, AdamW optimizer, long step, TokenWindows.Position loaderPosition) {
            this.gpt = gpt;
            this.optimizer = optimizer;
            this.step = step;
            this.loaderPosition = loaderPosition;
        }

        static Model fresh(GptConfig config, PretrainParams p, NDManager manager) {
            Gpt gpt = Gpt.initialize(config, p.seed(), manager);
            return new Model(gpt, new AdamW(p.adamW(), manager), 0, null);
        }

        /** Parameters go into the model before the trainer exists (the DJL trap in notes/djl.md). */
        static Model resume(ArtifactPublisher publisher, String digest, GptConfig config, NDManager manager)
                throws IOException {
            Checkpoint ckpt = readCheckpoint(publisher, digest);
            ckpt.requireCompatible(config, config.vocabSize(), "checkpoint " + digest);
            Gpt gpt = Gpt.fromValues(ckpt.config(), ckpt.parameters(), manager);
            return new Model(gpt, AdamW.restore(ckpt.optimizer(), gpt.parameters(), manager), ckpt.step(), ckpt.loader());
        }

        @Override
        public void close() {
            optimizer.close();
            gpt.close();
        }
    }

    /**
     * Temporal matches non-retryable types by exact name, not by subclass: a corrupt or mismatched
     * checkpoint is reported as {@link InvalidStageInputException} so it is not retried in vain.
     */
    private static InvalidStageInputException nonRetryable(CheckpointFormatException e) {
        return new InvalidStageInputException(e.getMessage(), e);
    }

    static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : v;
    }
}
