package dev.tempered.activities.model.stage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainingTask;
import dev.tempered.activities.model.LearningRateSchedule;
import dev.tempered.activities.model.Sampler;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.stage.StageParams;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.SpecialTokens;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.activities.training.TrainingConfig;
import dev.tempered.activities.training.TrainingDivergedException;
import dev.tempered.activities.training.TrainingLoop;
import dev.tempered.activities.training.TrainingOutcome;
import dev.tempered.activities.training.TrainingProgress;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.storage.Json;
import dev.tempered.workflows.OutputRef;
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
import java.util.Set;
import java.util.UUID;

/**
 * Temporal adapter of the model stages. {@code pretrain} reads every token shard of a
 * {@code tempered.token-manifest/v1}, holds out its last tokens for validation and trains a
 * {@link Gpt} ({@link GptTrainingTask}) in the shared {@link TrainingLoop}; its listener
 * ({@link PretrainListener}) publishes a {@link Checkpoint} every {@code checkpoint_every} steps
 * and heartbeats a {@link TrainingHeartbeat}; a retry resumes bit-exactly from the heartbeated
 * checkpoint, and a rerun of the same work (same cache key) after a failed, cancelled or lost run
 * resumes from that run's newest checkpoint ({@link TrainingResume}) and says so in its summary
 * ({@code resumed}). {@code sample} completes prompts with a checkpoint and its tokenizer.
 *
 * <p>Both run on the {@code device} param's device ({@link ModelDevice}). Not here: streaming shards
 * larger than memory (all tokens are read into {@code int[]}), several GPUs, several trainers per JVM (DJL allows one gradient collector at a time).
 */
public final class PretrainActivitiesImpl implements PretrainActivities {
    public static final String CHECKPOINT_KIND = "checkpoint";
    public static final String SAMPLES_FORMAT = "tempered.samples/v1";

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
        UUID stageRunId = request.stageRunId() == null ? null : UUID.fromString(request.stageRunId());
        TrainingResume resume = TrainingResume.find(ctx, publisher, stageRunId);
        TrainingProgress resumeFrom = resume.progress();
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-pretrain-");
            TokenData data = TokenData.load(publisher.store(), manifestDigest, p.evalFraction());
            GptConfig config =
                    new GptConfig(p.layers(), p.heads(), p.width(), p.context(), data.vocabSize(), p.dropout());
            LearningRateSchedule schedule = new LearningRateSchedule(
                    p.learningRate(),
                    p.learningRate() * p.minLrFraction(),
                    Math.min(p.warmupSteps(), p.steps()),
                    p.steps());
            TokenWindows loader = trainingWindows(data, p, manifestDigest);
            TrainingLoop loop = new TrainingLoop(
                    TrainingConfig.of(p.steps(), p.evalEvery(), p.checkpointEvery()),
                    new PretrainListener(ctx, publisher, stageRunId, config, work));
            GptTrainingTask.Settings settings =
                    new GptTrainingTask.Settings(p.batchSize(), p.microBatches(), p.gradClip(), p.seed());

            TrainingOutcome outcome;
            try (NDManager manager = NDManager.newBaseManager(device);
                    GptTrainingTask task = resumeFrom.checkpoint() == null
                            ? GptTrainingTask.fresh(
                                    config, p.adamW(), schedule, settings, loader, data.validation(), manager)
                            : GptTrainingTask.resume(
                                    compatibleCheckpoint(resumeFrom.checkpoint(), config),
                                    schedule,
                                    settings,
                                    loader,
                                    data.validation(),
                                    manager)) {
                outcome = loop.run(task, resumeFrom);
            } catch (TrainingDivergedException e) {
                throw diverged(e);
            }

            List<String> checkpoints = outcome.progress().checkpoints();
            List<OutputRef> outputs = new ArrayList<>();
            outputs.add(new OutputRef("checkpoint", outcome.progress().checkpoint()));
            for (int i = 0; i < checkpoints.size() - 1; i++) {
                long step = Math.min((long) (i + 1) * p.checkpointEvery(), p.steps());
                outputs.add(new OutputRef("checkpoint_step_" + step, checkpoints.get(i)));
            }
            PretrainSummary summary = new PretrainSummary(
                    config.parameterCount(),
                    p.steps(),
                    outcome.resumedFrom(),
                    ctx.getInfo().getAttempt(),
                    outcome.lastStep() == null
                            ? null
                            : PretrainSummary.roundOrNull(outcome.lastStep().loss()),
                    PretrainSummary.roundOrNull(
                            outcome.lastEvaluation().getOrDefault(GptTrainingTask.VAL_LOSS, Double.NaN)),
                    PretrainSummary.round(data.unigramEntropy()),
                    data.train().length,
                    data.validation() == null ? 0 : data.validation().length,
                    outcome.tokensPerSecond(),
                    p.device(),
                    JniUtils.getNumThreads(),
                    Json.readMap(config.toJsonString()));
            Map<String, Object> shown = summary.toMap();
            if (resume.sentence() != null) shown.put("resumed", resume.sentence());
            return new StageResult(outcome.progress().checkpoint(), outputs, shown);
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
            if (bos == null)
                throw new InvalidStageInputException(
                        "tokenizer " + tokenizerDigest + " has no " + SpecialTokens.BOS + " token");
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
                    Sampler.Options options = new Sampler.Options(
                            sp.maxTokens(), sp.temperature(), sp.topK(), sp.topP(), seed + i, Set.of(bos));
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
            ArtifactRecord a = publisher.publish(
                    Json.writeBytes(doc),
                    "samples",
                    "application/json",
                    Map.of("prompts", samples.size(), "step", ckpt.step()));
            List<Map<String, Object>> shown = new ArrayList<>();
            for (Map<String, Object> s : samples)
                shown.add(Map.of("prompt", s.get("prompt"), "completion", s.get("completion")));
            return new StageResult(
                    a.digest(),
                    List.of(new OutputRef("samples", a.digest())),
                    Map.of(
                            "samples",
                            shown,
                            "step",
                            ckpt.step(),
                            "device",
                            device,
                            "engine_threads",
                            JniUtils.getNumThreads()));
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
    private static InvalidStageInputException diverged(TrainingDivergedException e) {
        TrainingProgress lastGood = e.lastGood();
        return new InvalidStageInputException(
                "pretrain diverged at update " + e.update() + " of " + e.steps() + ": " + e.what()
                        + ". Last good checkpoint: "
                        + (lastGood.checkpoint() == null
                                ? "none"
                                : lastGood.checkpoint() + " (step " + lastGood.step()
                                        + ", an output of this stage run as checkpoint_step_" + lastGood.step() + ")")
                        + ". Lower learning_rate or raise warmup_steps and run again",
                e);
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

    /** The checkpoint to resume from, refused unless it fits the model this run builds. */
    private Checkpoint compatibleCheckpoint(String digest, GptConfig config) throws IOException {
        Checkpoint ckpt = readCheckpoint(publisher, digest);
        ckpt.requireCompatible(config, config.vocabSize(), "checkpoint " + digest);
        return ckpt;
    }

    /**
     * Temporal matches non-retryable types by exact name, not by subclass: a corrupt or mismatched
     * checkpoint is reported as {@link InvalidStageInputException} so it is not retried in vain.
     */
    private static InvalidStageInputException nonRetryable(CheckpointFormatException e) {
        return new InvalidStageInputException(e.getMessage(), e);
    }
}
