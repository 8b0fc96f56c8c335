package dev.tempered.activities.chat.sft.stage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.sft.PackedConversations;
import dev.tempered.activities.chat.sft.SftExamples;
import dev.tempered.activities.chat.sft.SftSchedule;
import dev.tempered.activities.chat.sft.SftTrainingTask;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.GptTrainer.MaskedBatch;
import dev.tempered.activities.model.GptTrainingTask;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.stage.ModelDevice;
import dev.tempered.activities.model.stage.TrainingHeartbeat;
import dev.tempered.activities.model.stage.TrainingResume;
import dev.tempered.activities.tokenizer.BpeEncoder;
import dev.tempered.activities.tokenizer.TokenizerSpec;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.activities.training.TrainingConfig;
import dev.tempered.activities.training.TrainingDivergedException;
import dev.tempered.activities.training.TrainingLoop;
import dev.tempered.activities.training.TrainingOutcome;
import dev.tempered.activities.training.TrainingProgress;
import dev.tempered.storage.ArtifactPublisher;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Temporal adapter of {@code sft}: reads the base checkpoint, the tokenizer and the conversations
 * (invalid lines counted by reason and excluded), renders and packs them ({@link SftExamples},
 * {@link PackedConversations}) and trains a {@link SftTrainingTask} in the shared
 * {@link TrainingLoop}; its {@link SftListener} publishes chat checkpoints and heartbeats a
 * {@link TrainingHeartbeat}, and a retry resumes bit-exactly from the heartbeated checkpoint; a rerun
 * of the same work after an unfinished run resumes from that run's newest checkpoint ({@link TrainingResume}).
 *
 * <p>Refused without retry ({@link InvalidStageInputException}), each naming what is wrong: a
 * {@code model} that is not a checkpoint, a checkpoint whose vocabulary or tokenizer is not the
 * given tokenizer's, a tokenizer without the chat specials, conversations with no valid line or
 * nothing left to train on. Not here: conversations larger than memory (all are read and rendered
 * up front, fine for hundreds of thousands).
 */
public final class SftActivitiesImpl implements SftActivities {
    private final ArtifactPublisher publisher;

    public SftActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult sft(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        SftParams p = SftParams.of(request.params());
        Device device = ModelDevice.of(p.device(), "sft");
        String modelDigest = StageWork.requireInput(request, "model");
        String conversationsDigest = StageWork.requireInput(request, "conversations");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        UUID stageRunId = request.stageRunId() == null ? null : UUID.fromString(request.stageRunId());
        TrainingResume resume = TrainingResume.find(ctx, publisher, stageRunId);
        TrainingProgress resumeFrom = resume.progress();
        if (p.warmupSteps() >= p.steps()) {
            throw new InvalidStageInputException("sft param warmup_steps (" + p.warmupSteps()
                    + ") must be fewer than steps (" + p.steps() + "); lower warmup_steps");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-sft-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            ChatTokens chatTokens = ChatTokens.of(spec, tokenizerDigest);
            Checkpoint base = readCheckpoint("model", modelDigest);
            requireTokenizer(base, modelDigest, spec, tokenizerDigest);
            GptConfig config = base.config();

            List<Conversation> conversations = new ArrayList<>();
            ConversationFile.ReadReport report = readConversations("conversations", conversationsDigest, conversations);
            String extraDigest = request.inputs().get("extra_conversations");
            ExtraConversations.Merged merged = null;
            if (extraDigest != null) {
                List<Conversation> extra = new ArrayList<>();
                readConversations("extra_conversations", extraDigest, extra);
                merged = ExtraConversations.merge(conversations, extra);
                conversations = merged.conversations();
            }
            ChatRenderer renderer = new ChatRenderer(new BpeEncoder(spec), chatTokens);
            SftExamples examples =
                    SftExamples.prepare(conversations, renderer, config.contextLength(), p.evalFraction());
            if (examples.train().isEmpty()) {
                throw new InvalidStageInputException("conversations " + conversationsDigest + ": none of its "
                        + report.valid() + " valid conversations is left to train on (" + examples.counts() + "); "
                        + "lower eval_fraction or give conversations whose first reply fits the context of "
                        + config.contextLength() + " tokens");
            }
            int bos = chatTokens.bos();
            PackedConversations loader =
                    new PackedConversations(examples.train(), config.contextLength(), bos, p.seed());
            int windowsPerEpoch = loader.windowsInEpoch();
            List<MaskedBatch> validation = examples.validation().isEmpty()
                    ? List.of()
                    : PackedConversations.allWindows(
                            examples.validation(), config.contextLength(), bos, p.seed(), p.batchSize());
            ModelOrigin origin = ModelOrigin.chat(tokenizerDigest, ChatRenderer.VERSION);
            SftSchedule schedule = new SftSchedule(p.learningRate(), p.warmupSteps(), p.steps());
            GptTrainingTask.Settings settings =
                    new GptTrainingTask.Settings(p.batchSize(), p.microBatches(), p.gradClip(), p.seed());
            TrainingLoop loop = new TrainingLoop(
                    TrainingConfig.of(p.steps(), p.evalEvery(), p.checkpointEvery()),
                    new SftListener(ctx, publisher, stageRunId, origin, config.parameterCount(), work));

            TrainingOutcome outcome;
            try (NDManager manager = NDManager.newBaseManager(device);
                    SftTrainingTask task = resumeFrom.checkpoint() == null
                            ? SftTrainingTask.fromBase(
                                    base, p.adamW(), schedule, settings, loader, validation, origin, manager)
                            : SftTrainingTask.resume(
                                    resumable(resumeFrom.checkpoint(), config, origin),
                                    schedule,
                                    settings,
                                    loader,
                                    validation,
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
            SftExamples.Counts counts = examples.counts();
            SftSummary summary = new SftSummary(
                    modelDigest,
                    tokenizerDigest,
                    ChatRenderer.VERSION,
                    report.valid(),
                    report.invalidByReason(),
                    report.examples(),
                    counts.cutAtTurn(),
                    counts.cutMidTurn(),
                    counts.untrainable(),
                    examples.train().size(),
                    counts.validation(),
                    windowsPerEpoch,
                    counts.trainTokens(),
                    counts.trainedTokens(),
                    p.steps(),
                    Math.round((double) p.steps() * p.batchSize() * p.microBatches() / windowsPerEpoch * 100) / 100.0,
                    outcome.resumedFrom(),
                    ctx.getInfo().getAttempt(),
                    outcome.lastStep() == null
                            ? null
                            : SftSummary.roundOrNull(outcome.lastStep().loss()),
                    SftSummary.roundOrNull(outcome.lastEvaluation().getOrDefault(GptTrainingTask.VAL_LOSS, Double.NaN)),
                    outcome.tokensPerSecond(),
                    p.device(),
                    JniUtils.getNumThreads());
            Map<String, Object> shown = summary.toMap();
            if (merged != null) {
                shown.put("extra_conversations", merged.extra());
                shown.put("replaced_by_extra", merged.replaced());
            }
            if (resume.sentence() != null) shown.put("resumed", resume.sentence());
            return new StageResult(outcome.progress().checkpoint(), outputs, shown);
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("sft of " + modelDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    /** A checkpoint, or a non-retryable error saying that input {@code name} is not one. */
    private Checkpoint readCheckpoint(String name, String digest) throws IOException {
        try (InputStream in = publisher.store().open(digest)) {
            return Checkpoint.read(in, "checkpoint " + digest);
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(
                    "input '" + name + "' (" + digest + ") is not a usable model checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * The checkpoint's ids must be the tokenizer's: the same vocabulary size, and for a checkpoint
     * that names its tokenizer, the same digest.
     */
    static void requireTokenizer(Checkpoint ckpt, String modelDigest, TokenizerSpec spec, String tokenizerDigest) {
        int modelVocab = ckpt.config().vocabSize();
        if (modelVocab != spec.vocabSize()) {
            throw new InvalidStageInputException("checkpoint " + modelDigest + " was trained for a vocabulary of "
                    + modelVocab + " tokens but tokenizer " + tokenizerDigest + " has " + spec.vocabSize()
                    + "; give sft the tokenizer the checkpoint was pretrained with");
        }
        String named = ckpt.origin().tokenizer();
        if (named != null && !named.equals(tokenizerDigest)) {
            throw new InvalidStageInputException("checkpoint " + modelDigest + " was trained with tokenizer " + named
                    + " (vocabulary of " + modelVocab + ") but sft was given tokenizer " + tokenizerDigest
                    + " (vocabulary of " + spec.vocabSize() + "); give sft the checkpoint's tokenizer");
        }
    }

    /** Reads every line; refuses an artifact with no valid line, naming the counts by reason and the first problems. */
    private ConversationFile.ReadReport readConversations(String input, String digest, List<Conversation> into)
            throws IOException {
        ConversationFile.ReadReport report;
        try (InputStream in = publisher.store().open(digest)) {
            report = ConversationFile.read(in, "conversations " + digest, ConversationValidator.defaults(), into::add);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidStageInputException(
                    "input '" + input + "' (" + digest + ") is not a gzip JSONL conversations artifact: "
                            + e.getMessage(),
                    e);
        }
        if (report.valid() == 0) {
            throw new InvalidStageInputException("conversations " + digest + " has no valid line ("
                    + report.invalid() + " invalid by reason: " + report.invalidByReason() + "; first: "
                    + report.examples().stream().limit(3).toList() + "); nothing to train on");
        }
        return report;
    }

    /** The SFT checkpoint to resume from, refused unless it is this run's kind of model. */
    private Checkpoint resumable(String digest, GptConfig config, ModelOrigin origin) throws IOException {
        Checkpoint ckpt = readCheckpoint("resume", digest);
        ckpt.requireCompatible(config, config.vocabSize(), "checkpoint " + digest);
        if (!origin.equals(ckpt.origin())) {
            throw new InvalidStageInputException(
                    "checkpoint " + digest + " to resume from is " + ckpt.origin() + " but this run trains " + origin);
        }
        return ckpt;
    }

    /** A divergence is not retried: the same step on the same data and weights diverges the same way. */
    private static InvalidStageInputException diverged(TrainingDivergedException e) {
        TrainingProgress lastGood = e.lastGood();
        return new InvalidStageInputException(
                "sft diverged at update " + e.update() + " of " + e.steps() + ": " + e.what()
                        + ". Last good checkpoint: "
                        + (lastGood.checkpoint() == null
                                ? "none"
                                : lastGood.checkpoint() + " (step " + lastGood.step() + ")")
                        + ". Lower learning_rate or raise warmup_steps and run again",
                e);
    }
}
