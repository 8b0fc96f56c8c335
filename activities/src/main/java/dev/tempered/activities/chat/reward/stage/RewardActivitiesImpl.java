package dev.tempered.activities.chat.reward.stage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import dev.tempered.activities.chat.Role;
import dev.tempered.activities.chat.prefs.PreferenceFile;
import dev.tempered.activities.chat.prefs.PreferencePair;
import dev.tempered.activities.chat.reward.PreferenceGroups;
import dev.tempered.activities.chat.reward.RankingGroup;
import dev.tempered.activities.chat.reward.RewardCheckpoint;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.reward.RewardTrainingTask;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.chat.rl.stage.ChatCheckpoints;
import dev.tempered.activities.chat.sft.SftSchedule;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.stage.ModelDevice;
import dev.tempered.activities.model.stage.TrainingOutputs;
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
import dev.tempered.storage.ArtifactRecord;
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Temporal adapter of {@code reward}: reads the chat checkpoint, tokenizer and preferences, makes
 * rankings ({@link PreferenceGroups}), trains a {@link RewardTrainingTask} in the shared
 * {@link TrainingLoop} (checkpoints as kind {@code reward-model}, heartbeats, bit-exact resume from
 * the heartbeated or an unfinished run's checkpoint), then shifts the scores so the demonstrations
 * (or, without them, the training responses) average 0 and publishes that as the stage's output.
 *
 * <p>Refused before training, without retry, each naming what is wrong: a model that is not a chat
 * checkpoint, a checkpoint of another tokenizer, a preferences artifact with any invalid line (for
 * example identical chosen and rejected replies) or none at all, no ranking left to train on.
 */
public final class RewardActivitiesImpl implements RewardActivities {
    private final ArtifactPublisher publisher;

    public RewardActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult trainRewardModel(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        RewardParams p = RewardParams.of(request.params());
        Device device = ModelDevice.of(p.device(), "reward");
        String modelDigest = StageWork.requireInput(request, "model");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        String prefsDigest = StageWork.requireInput(request, "preferences");
        String demosDigest = request.inputs().get("demonstrations");
        if (p.warmupSteps() >= p.steps()) {
            throw new InvalidStageInputException("reward param warmup_steps (" + p.warmupSteps()
                    + ") must be fewer than steps (" + p.steps() + "); lower warmup_steps");
        }
        UUID stageRunId = request.stageRunId() == null ? null : UUID.fromString(request.stageRunId());
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-reward-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            ChatTokens chatTokens = ChatTokens.of(spec, tokenizerDigest);
            Checkpoint chat = ChatCheckpoints.readChat(
                    publisher.store(),
                    modelDigest,
                    spec,
                    tokenizerDigest,
                    "reward",
                    "a reward model starts from a chat model");
            GptConfig config = chat.config();
            ChatRenderer renderer = new ChatRenderer(new BpeEncoder(spec), chatTokens);
            List<PreferencePair> pairs = readPreferences(prefsDigest);
            PreferenceGroups groups = PreferenceGroups.prepare(
                    pairs, renderer, config.contextLength(), p.heldOutFraction(), p.marginPerRank());
            if (groups.train().isEmpty()) {
                throw new InvalidStageInputException("preferences " + prefsDigest + ": no ranking is left to train on ("
                        + groups.counts() + "); give more prompts or lower held_out_fraction");
            }
            List<int[]> demonstrations = demosDigest == null ? null : readDemonstrations(demosDigest, renderer, config);

            TrainingResume resume = TrainingResume.find(ctx, publisher, stageRunId);
            TrainingProgress resumeFrom = resume.progress();
            ModelOrigin origin = ModelOrigin.chat(tokenizerDigest, ChatRenderer.VERSION);
            SftSchedule schedule = new SftSchedule(p.learningRate(), p.warmupSteps(), p.steps());
            RewardTrainingTask.Settings settings =
                    new RewardTrainingTask.Settings(p.rankingsPerStep(), p.gradClip(), p.centerCoefficient(), p.seed());
            TrainingOutputs outputs = new TrainingOutputs(publisher, stageRunId, work);
            TrainingLoop loop = new TrainingLoop(
                    TrainingConfig.of(p.steps(), p.evalEvery(), p.checkpointEvery()),
                    new RewardListener(ctx, outputs, tokenizerDigest));

            TrainingOutcome outcome;
            RewardCheckpoint last;
            RewardTrainingTask.Evaluation heldOut;
            double offset;
            long scoredForOffset;
            try (NDManager manager = NDManager.newBaseManager(device)) {
                SeededCursor<RankingGroup> batches = new SeededCursor<>(groups.train(), p.seed());
                RewardModel model;
                AdamW optimizer;
                long step;
                if (resumeFrom.checkpoint() == null) {
                    model = RewardModel.fromChatModel(config, chat.parameters(), p.seed(), manager);
                    optimizer = new AdamW(p.adamW(), manager);
                    step = 0;
                } else {
                    RewardCheckpoint ckpt = readRewardModel("resume", resumeFrom.checkpoint());
                    ckpt.trunk()
                            .requireCompatible(
                                    config, spec.vocabSize(), "reward checkpoint " + resumeFrom.checkpoint());
                    model = RewardModel.of(
                            config, ckpt.trunk().parameters(), ckpt.headWeight(), ckpt.headBias(), 0, manager);
                    optimizer = AdamW.restore(ckpt.optimizer(), model.parameters(), manager);
                    batches.seek(ckpt.trunk().loader());
                    step = ckpt.step();
                }
                try (RewardTrainingTask task = new RewardTrainingTask(
                        model, optimizer, step, schedule, settings, batches, groups.heldOut(), origin)) {
                    outcome = loop.run(task, resumeFrom);
                    heldOut = groups.heldOut().isEmpty() ? null : task.evaluate(groups.heldOut(), p.rankingsPerStep());
                    List<int[]> anchor = demonstrations != null ? demonstrations : responsesOf(groups.train());
                    double[] scores = task.model().score(anchor, 32);
                    double sum = 0;
                    for (double s : scores) sum += s;
                    offset = sum / scores.length;
                    scoredForOffset = scores.length;
                    last = task.snapshot();
                }
            } catch (TrainingDivergedException e) {
                throw new InvalidStageInputException(
                        "reward training diverged at update " + e.update() + " of " + e.steps() + ": " + e.what()
                                + ". Lower learning_rate and run again",
                        e);
            }

            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("format", RewardCheckpoint.FORMAT + " v" + RewardCheckpoint.VERSION);
            metadata.put("tokenizer", tokenizerDigest);
            metadata.put("step", last.step());
            metadata.put("normalised", true);
            metadata.put("offset", offset);
            if (heldOut != null) metadata.put("val_accuracy", heldOut.accuracy());
            Path file = work.resolve("reward-model.bin");
            try (OutputStream out = Files.newOutputStream(file)) {
                last.withOffset(offset).write(out);
            }
            ArtifactRecord rm = publisher.publish(file, RewardStage.KIND, "application/octet-stream", metadata);

            List<OutputRef> refs = new ArrayList<>();
            refs.add(new OutputRef("reward_model", rm.digest()));
            List<String> checkpoints = outcome.progress().checkpoints();
            for (int i = 0; i < checkpoints.size(); i++) {
                long s = Math.min((long) (i + 1) * p.checkpointEvery(), p.steps());
                refs.add(new OutputRef("checkpoint_step_" + s, checkpoints.get(i)));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            if (heldOut != null) {
                summary.put("val_accuracy", round(heldOut.accuracy()));
                summary.put("val_margin", round(heldOut.margin()));
                summary.put("val_loss", round(heldOut.loss()));
                summary.put("val_pairs", heldOut.pairs());
            }
            if (outcome.lastStep() != null) {
                summary.put("final_loss", round(outcome.lastStep().loss()));
                summary.put("final_accuracy", round(outcome.lastStep().metrics().get(RewardTrainingTask.ACCURACY)));
            }
            summary.put("chat_model", modelDigest);
            summary.put("tokenizer", tokenizerDigest);
            summary.put("pairs", groups.counts().pairs());
            summary.put("train_rankings", groups.train().size());
            summary.put("train_pairs", groups.counts().trainPairs());
            summary.put("held_out_rankings", groups.heldOut().size());
            summary.put("held_out_pairs", groups.counts().heldOutPairs());
            summary.put("truncated_sequences", groups.counts().truncated());
            summary.put("identical_after_cut", groups.counts().identicalAfterCut());
            summary.put("offset", round(offset));
            summary.put("offset_from", demonstrations != null ? "demonstrations" : "training responses");
            summary.put("offset_sequences", scoredForOffset);
            summary.put("steps", p.steps());
            summary.put("resumed_from_step", outcome.resumedFrom());
            summary.put("attempt", ctx.getInfo().getAttempt());
            summary.put("tokens_per_s", outcome.tokensPerSecond());
            summary.put("device", p.device());
            if (resume.sentence() != null) summary.put("resumed", resume.sentence());
            return new StageResult(rm.digest(), refs, summary);
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reward training on " + prefsDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    private static Double round(Double v) {
        return v == null || !Double.isFinite(v) ? null : Math.round(v * 10_000) / 10_000.0;
    }

    private static List<int[]> responsesOf(List<RankingGroup> groups) {
        List<int[]> out = new ArrayList<>();
        for (RankingGroup g : groups) out.addAll(g.sequences());
        return out;
    }

    private RewardCheckpoint readRewardModel(String input, String digest) throws IOException {
        try (InputStream in = publisher.store().open(digest)) {
            return RewardCheckpoint.read(in, "reward model " + digest);
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(
                    "'" + input + "' (" + digest + ") is not a usable reward model: " + e.getMessage(), e);
        }
    }

    /** Every pair, or a refusal naming the invalid lines by reason (a reward model must not learn from a broken label). */
    private List<PreferencePair> readPreferences(String digest) throws IOException {
        List<PreferencePair> pairs = new ArrayList<>();
        PreferenceFile.ReadReport report;
        try (InputStream in = publisher.store().open(digest)) {
            report = PreferenceFile.read(in, "preferences " + digest, ConversationValidator.defaults(), pairs::add);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidStageInputException(
                    "input 'preferences' (" + digest + ") is not a gzip JSONL preferences artifact: " + e.getMessage(),
                    e);
        }
        if (report.invalid() > 0) {
            throw new InvalidStageInputException("preferences " + digest + " has " + report.invalid()
                    + " invalid pairs by reason " + report.invalidByReason() + " (first: "
                    + report.examples().stream().limit(3).toList()
                    + "); fix or drop them before training a reward model");
        }
        if (pairs.isEmpty()) {
            throw new InvalidStageInputException("preferences " + digest + " holds no pair; nothing to train on");
        }
        return pairs;
    }

    private List<int[]> readDemonstrations(String digest, ChatRenderer renderer, GptConfig config) throws IOException {
        List<Conversation> conversations;
        try (InputStream in = publisher.store().open(digest)) {
            conversations = ConversationFile.readAll(in, "demonstrations " + digest, ConversationValidator.defaults());
        }
        List<int[]> out = new ArrayList<>();
        for (Conversation c : conversations) {
            if (c.last().role() == Role.ASSISTANT && c.messages().size() >= 2)
                out.add(PreferenceGroups.render(renderer, c, config.contextLength(), null));
        }
        if (out.isEmpty()) {
            throw new InvalidStageInputException("demonstrations " + digest
                    + " has no conversation ending with an assistant reply to score; give label's demonstrations");
        }
        return out;
    }
}
