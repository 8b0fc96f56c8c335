package dev.tempered.activities.chat.ppo.stage;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ppo.KlController;
import dev.tempered.activities.chat.ppo.PpoCheckpoint;
import dev.tempered.activities.chat.ppo.PpoGuards;
import dev.tempered.activities.chat.ppo.PpoTrainingTask;
import dev.tempered.activities.chat.ppo.RubricReward;
import dev.tempered.activities.chat.reward.RewardCheckpoint;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.chat.rl.stage.ChatCheckpoints;
import dev.tempered.activities.chat.rl.stage.RlPrompts;
import dev.tempered.activities.chat.rlvr.TaskVerifier;
import dev.tempered.activities.chat.sft.SftSchedule;
import dev.tempered.activities.chat.tasks.ChatTask;
import dev.tempered.activities.chat.tasks.ChatTasks;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.CheckpointFormatException;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.GptConfig;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.stage.ModelDevice;
import dev.tempered.activities.model.stage.PretrainActivitiesImpl;
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
import dev.tempered.workflows.OutputRef;
import dev.tempered.workflows.StageRequest;
import dev.tempered.workflows.StageResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Temporal adapter of {@code ppo}: reads the SFT checkpoint (policy and frozen reference), the
 * reward model (scorer; its trunk and head also initialise the critic when its shape is the
 * policy's, otherwise the critic is the policy's trunk with a fresh head), prompts and held-out
 * prompts; trains a {@link PpoTrainingTask} in the shared {@link TrainingLoop}, evaluating and
 * checkpointing every {@code eval_every} steps; publishes as its output the policy of the best
 * evaluated step that passed every guard, and says in the summary why it stopped.
 *
 * <p>Refused before training, each naming the problem: a model that is not a chat checkpoint or is
 * of another tokenizer, a reward model of another tokenizer, prompts with nothing to answer.
 */
public final class PpoActivitiesImpl implements PpoActivities {
    private final ArtifactPublisher publisher;

    public PpoActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult optimizeWithPpo(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        PpoParams p = PpoParams.of(request.params());
        Device device = ModelDevice.of(p.device(), "ppo");
        String modelDigest = StageWork.requireInput(request, "model");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        String rmDigest = StageWork.requireInput(request, "reward_model");
        String promptsDigest = StageWork.requireInput(request, "prompts");
        String heldOutDigest = request.inputs().get("heldout");
        if (p.minibatches() > p.promptsPerStep()) {
            throw new InvalidStageInputException("ppo param minibatches (" + p.minibatches()
                    + ") must be at most prompts_per_step (" + p.promptsPerStep() + ")");
        }
        PpoGuards guards = new PpoGuards(p.klBound(), p.accuracyDrop(), p.secondRewardDrop(), p.lengthFactor());
        UUID stageRunId = request.stageRunId() == null ? null : UUID.fromString(request.stageRunId());
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-ppo-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            ChatRenderer renderer = new ChatRenderer(new BpeEncoder(spec), ChatTokens.of(spec, tokenizerDigest));
            Checkpoint sft = ChatCheckpoints.read(publisher.store(), "model", modelDigest);
            if (!sft.origin().isChat()
                    || !tokenizerDigest.equals(sft.origin().tokenizer())
                    || sft.config().vocabSize() != spec.vocabSize()) {
                throw new InvalidStageInputException("input 'model' (" + modelDigest + ") is a "
                        + sft.origin().kind()
                        + " checkpoint of tokenizer " + sft.origin().tokenizer()
                        + "; ppo needs a chat model of tokenizer "
                        + tokenizerDigest + " (sft's output with the same tokenizer)");
            }
            RewardCheckpoint rm = readRewardModel(rmDigest);
            if (!tokenizerDigest.equals(rm.origin().tokenizer()) || rm.config().vocabSize() != spec.vocabSize()) {
                throw new InvalidStageInputException("input 'reward_model' (" + rmDigest + ") reads tokenizer "
                        + rm.origin().tokenizer() + " (vocabulary of "
                        + rm.config().vocabSize() + ") but the policy's is "
                        + tokenizerDigest + " (vocabulary of " + spec.vocabSize()
                        + "); train the reward model from this chat model's tokenizer");
            }
            GptConfig config = sft.config();
            List<Conversation> prompts = readPrompts("prompts", promptsDigest, renderer, config, null);
            if (prompts.isEmpty()) {
                throw new InvalidStageInputException("prompts " + promptsDigest
                        + " has no conversation ending with a user turn and a reply whose prompt fits the context; "
                        + "nothing to roll out");
            }
            Map<String, ChatTask> checkable = new LinkedHashMap<>();
            for (String t : List.of("arithmetic", "spelling")) checkable.put(t, ChatTasks.get(t));
            List<Conversation> heldOut = heldOutDigest == null
                    ? List.of()
                    : RlPrompts.firstPerTask(
                            readPrompts("heldout", heldOutDigest, renderer, config, checkable), p.evalItems());
            TaskVerifier verifier = heldOut.isEmpty() ? null : new TaskVerifier(checkable, 0);

            TrainingResume resume = TrainingResume.find(ctx, publisher, stageRunId);
            TrainingProgress resumeFrom = resume.progress();
            ModelOrigin origin = ModelOrigin.chat(tokenizerDigest, ChatRenderer.VERSION);
            PpoTrainingTask.Settings settings = p.settings();
            TrainingLoop loop = new TrainingLoop(
                    TrainingConfig.of(p.steps(), p.evalEvery(), p.evalEvery()),
                    new PpoListener(ctx, new TrainingOutputs(publisher, stageRunId, work)));
            boolean criticFromRm = rm.config().equals(config);

            TrainingOutcome outcome;
            PpoGuards.State finalGuards;
            try (NDManager manager = NDManager.newBaseManager(device);
                    RewardModel scorerModel = RewardModel.of(
                            rm.config(),
                            rm.trunk().parameters(),
                            rm.headWeight(),
                            rm.headBias(),
                            rm.offset(),
                            manager)) {
                SeededCursor<Conversation> cursor = new SeededCursor<>(prompts, p.seed());
                Gpt reference = Gpt.fromValues(config, sft.parameters(), manager);
                Gpt policy;
                RewardModel critic;
                AdamW optimizer;
                KlController kl = new KlController(p.klCoef(), p.klTarget(), 10_000);
                PpoGuards.State state = PpoGuards.State.START;
                long step = 0;
                if (resumeFrom.checkpoint() == null) {
                    policy = Gpt.fromValues(config, sft.parameters(), manager);
                    critic = criticFromRm
                            ? RewardModel.of(
                                    config, rm.trunk().parameters(), rm.headWeight(), rm.headBias(), 0, manager)
                            : RewardModel.fromChatModel(config, sft.parameters(), p.seed(), manager);
                    optimizer = new AdamW(p.adamW(), manager);
                } else {
                    PpoCheckpoint s = readState(resumeFrom.checkpoint());
                    policy = Gpt.fromValues(config, s.policy().parameters(), manager);
                    critic = RewardModel.of(
                            s.critic().config(),
                            s.critic().trunk().parameters(),
                            s.critic().headWeight(),
                            s.critic().headBias(),
                            0,
                            manager);
                    Map<String, NDArray> all = new LinkedHashMap<>();
                    policy.parameters().forEach((k, v) -> all.put(PpoTrainingTask.POLICY + k, v));
                    critic.parameters().forEach((k, v) -> all.put(PpoTrainingTask.VALUE + k, v));
                    optimizer = AdamW.restore(s.optimizer(), all, manager);
                    cursor.seek(s.policy().loader());
                    kl = s.kl();
                    state = s.guards();
                    step = s.step();
                }
                try (PpoTrainingTask task = new PpoTrainingTask(
                        policy,
                        reference,
                        critic,
                        optimizer,
                        step,
                        new SftSchedule(p.learningRate(), 0, p.steps()),
                        settings,
                        kl,
                        guards,
                        state,
                        cursor,
                        heldOut,
                        renderer,
                        seqs -> scorerModel.score(seqs, 32),
                        verifier,
                        heldOut.isEmpty() ? null : new RubricReward(),
                        origin)) {
                    // The starting model's held-out numbers are the guards' baseline.
                    if (resumeFrom.checkpoint() == null && !heldOut.isEmpty()) task.evaluate();
                    outcome = loop.run(task, resumeFrom);
                    finalGuards = task.guards();
                }
            } catch (TrainingDivergedException e) {
                throw new InvalidStageInputException(
                        "ppo diverged at update " + e.update() + " of " + e.steps() + ": " + e.what()
                                + ". Lower learning_rate and run again",
                        e);
            }

            // The kept model: the policy of the best evaluated step that passed every guard (the SFT model at 0).
            String kept = modelDigest;
            for (String digest : outcome.progress().checkpoints()) {
                PpoCheckpoint s = readState(digest);
                if (s.step() == finalGuards.bestStep()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    s.policy().write(out);
                    Map<String, Object> metadata = new LinkedHashMap<>();
                    metadata.put("format", Checkpoint.FORMAT + " v" + Checkpoint.VERSION);
                    metadata.put("kind", origin.kind());
                    metadata.put("tokenizer", tokenizerDigest);
                    metadata.put("render_version", origin.renderVersion());
                    metadata.put("step", s.step());
                    metadata.put("trained_by", "ppo");
                    kept = publisher
                            .publish(
                                    out.toByteArray(),
                                    PretrainActivitiesImpl.CHECKPOINT_KIND,
                                    "application/octet-stream",
                                    metadata)
                            .digest();
                }
            }
            List<OutputRef> outputs = new ArrayList<>();
            outputs.add(new OutputRef("checkpoint", kept));
            List<String> states = outcome.progress().checkpoints();
            for (int i = 0; i < states.size(); i++) outputs.add(new OutputRef("state_" + (i + 1), states.get(i)));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put(
                    "stop_reason",
                    outcome.stopReason() == null ? "completed " + p.steps() + " steps" : outcome.stopReason());
            summary.put("kept_step", finalGuards.bestStep());
            summary.put("best_val_score", round(finalGuards.bestScore()));
            summary.put("first_val_score", round(finalGuards.firstScore()));
            summary.put("best_val_verifier_accuracy", round(finalGuards.bestAccuracy()));
            summary.put("second_reward", heldOut.isEmpty() ? null : RubricReward.NAME);
            summary.put("best_val_second_reward", round(finalGuards.bestSecond()));
            if (outcome.lastStep() != null) {
                summary.put("final_score", round(outcome.lastStep().metrics().get(PpoTrainingTask.SCORE)));
                summary.put("final_kl", round(outcome.lastStep().metrics().get(PpoTrainingTask.KL)));
            }
            summary.put("last_evaluation", outcome.lastEvaluation());
            summary.put(
                    "critic_from",
                    criticFromRm ? "reward model" : "policy trunk, fresh head (the reward model's shape differs)");
            summary.put("sft_model", modelDigest);
            summary.put("reward_model", rmDigest);
            summary.put("prompts", prompts.size());
            summary.put("held_out_prompts", heldOut.size());
            summary.put("resumed_from_step", outcome.resumedFrom());
            summary.put("attempt", ctx.getInfo().getAttempt());
            summary.put("device", p.device());
            if (resume.sentence() != null) summary.put("resumed", resume.sentence());
            return new StageResult(kept, outputs, summary);
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("ppo of " + modelDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : null;
    }

    /** Prompt-and-reply conversations whose prompt leaves room for a reply; of {@code tasks} only when given. */
    private List<Conversation> readPrompts(
            String input, String digest, ChatRenderer renderer, GptConfig config, Map<String, ChatTask> tasks)
            throws IOException {
        return RlPrompts.select(
                RlPrompts.read(publisher.store(), input, digest), tasks, renderer, config, new TreeMap<>());
    }

    private RewardCheckpoint readRewardModel(String digest) throws IOException {
        try (InputStream in = publisher.store().open(digest)) {
            return RewardCheckpoint.read(in, "reward model " + digest);
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(
                    "input 'reward_model' (" + digest + ") is not a usable reward model: " + e.getMessage(), e);
        }
    }

    private PpoCheckpoint readState(String digest) throws IOException {
        try (InputStream in = publisher.store().open(digest)) {
            return PpoCheckpoint.read(in, "ppo state " + digest);
        }
    }
}
