package dev.tempered.activities.chat.rlvr.stage;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.tempered.activities.InvalidStageInputException;
import dev.tempered.activities.StageWork;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.ChatTokens;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.chat.rl.stage.ChatCheckpoints;
import dev.tempered.activities.chat.rl.stage.RlPrompts;
import dev.tempered.activities.chat.rlvr.PassAtK;
import dev.tempered.activities.chat.rlvr.RlvrTrainingTask;
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
import java.io.IOException;
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
 * Temporal adapter of {@code rlvr}: reads the chat checkpoint, tokenizer and prompts (keeping the
 * single-turn conversations of the chosen checkable tasks whose prompt leaves room for a reply),
 * trains a {@link RlvrTrainingTask} in the shared {@link TrainingLoop} (chat checkpoints,
 * heartbeats, bit-exact resume from the heartbeated or an unfinished run's checkpoint), and
 * reports pass@1 and pass@k on the held-out prompts before and after.
 *
 * <p>Refused before training, without retry, each naming what is wrong: a model that is not a chat
 * checkpoint or is of another tokenizer, a task without an exact checker, a prompt set with no
 * usable prompt of the chosen tasks.
 */
public final class RlvrActivitiesImpl implements RlvrActivities {
    private final ArtifactPublisher publisher;

    public RlvrActivitiesImpl(ArtifactPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StageResult trainOnVerifiableRewards(StageRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        RlvrParams p = RlvrParams.of(request.params());
        Device device = ModelDevice.of(p.device(), "rlvr");
        String modelDigest = StageWork.requireInput(request, "model");
        String tokenizerDigest = StageWork.requireInput(request, "tokenizer");
        String promptsDigest = StageWork.requireInput(request, "prompts");
        String heldOutDigest = request.inputs().get("heldout");
        Map<String, ChatTask> tasks = checkableTasks(p.tasks());
        UUID stageRunId = request.stageRunId() == null ? null : UUID.fromString(request.stageRunId());
        Path work = null;
        try {
            work = Files.createTempDirectory("tempered-rlvr-");
            TokenizerSpec spec = TokenizerArtifacts.load(publisher.store(), tokenizerDigest, work);
            ChatTokens chatTokens = ChatTokens.of(spec, tokenizerDigest);
            Checkpoint chat = ChatCheckpoints.readChat(
                    publisher.store(), modelDigest, spec, tokenizerDigest, "rlvr", "rlvr improves a chat model");
            GptConfig config = chat.config();
            ChatRenderer renderer = new ChatRenderer(new BpeEncoder(spec), chatTokens);
            Map<String, Long> dropped = new TreeMap<>();
            List<Conversation> prompts = readPrompts("prompts", promptsDigest, tasks, renderer, config, dropped);
            if (prompts.isEmpty()) {
                throw new InvalidStageInputException("prompts " + promptsDigest + " has no usable prompt of tasks "
                        + p.tasks() + " (dropped by reason: " + dropped + "); give synthesize's conversations of "
                        + "those tasks");
            }
            List<Conversation> heldOut = List.of();
            if (heldOutDigest != null && p.evalItems() > 0) {
                List<Conversation> all =
                        readPrompts("heldout", heldOutDigest, tasks, renderer, config, new TreeMap<>());
                heldOut = RlPrompts.firstPerTask(all, p.evalItems());
            }

            TrainingResume resume = TrainingResume.find(ctx, publisher, stageRunId);
            TrainingProgress resumeFrom = resume.progress();
            ModelOrigin origin = ModelOrigin.chat(tokenizerDigest, ChatRenderer.VERSION);
            // nanochat's RL: no warmup, a linear decay to 0 at the last step.
            SftSchedule schedule = new SftSchedule(p.learningRate(), 0, p.steps());
            RlvrTrainingTask.Settings settings = new RlvrTrainingTask.Settings(
                    p.promptsPerStep(),
                    p.groupSize(),
                    p.sampling(),
                    p.scaleRewards(),
                    p.epsilon(),
                    p.beta(),
                    p.gradClip(),
                    p.rowsPerMicroBatch(),
                    p.evalSamples(),
                    p.seed());
            TrainingLoop loop = new TrainingLoop(
                    TrainingConfig.of(p.steps(), p.evalEvery(), p.checkpointEvery()),
                    new RlvrListener(ctx, new TrainingOutputs(publisher, stageRunId, work), origin));
            TaskVerifier verifier = new TaskVerifier(tasks, p.formatReward());

            TrainingOutcome outcome;
            PassAtK.Result before = null;
            PassAtK.Result after = null;
            try (NDManager manager = NDManager.newBaseManager(device)) {
                SeededCursor<Conversation> cursor = new SeededCursor<>(prompts, p.seed());
                Checkpoint start = chat;
                if (resumeFrom.checkpoint() != null) {
                    start = ChatCheckpoints.read(publisher.store(), "resume", resumeFrom.checkpoint());
                    start.requireCompatible(config, spec.vocabSize(), "checkpoint " + resumeFrom.checkpoint());
                    cursor.seek(start.loader());
                }
                Gpt policy = Gpt.fromValues(config, start.parameters(), manager);
                AdamW optimizer = resumeFrom.checkpoint() == null
                        ? new AdamW(p.adamW(), manager)
                        : AdamW.restore(start.optimizer(), policy.parameters(), manager);
                Gpt reference = p.beta() == 0 ? null : Gpt.fromValues(config, chat.parameters(), manager);
                try (RlvrTrainingTask task = new RlvrTrainingTask(
                        policy,
                        reference,
                        optimizer,
                        resumeFrom.checkpoint() == null ? 0 : start.step(),
                        schedule,
                        settings,
                        cursor,
                        heldOut,
                        renderer,
                        verifier,
                        origin)) {
                    if (!heldOut.isEmpty() && resumeFrom.checkpoint() == null) before = task.passAtK(heldOut);
                    outcome = loop.run(task, resumeFrom);
                    if (!heldOut.isEmpty()) after = task.passAtK(heldOut);
                }
            } catch (TrainingDivergedException e) {
                throw new InvalidStageInputException(
                        "rlvr diverged at update " + e.update() + " of " + e.steps() + ": " + e.what()
                                + ". Lower learning_rate and run again",
                        e);
            }

            List<String> checkpoints = outcome.progress().checkpoints();
            List<OutputRef> outputs = new ArrayList<>();
            outputs.add(new OutputRef("checkpoint", outcome.progress().checkpoint()));
            for (int i = 0; i < checkpoints.size() - 1; i++) {
                long s = Math.min((long) (i + 1) * p.checkpointEvery(), p.steps());
                outputs.add(new OutputRef("checkpoint_step_" + s, checkpoints.get(i)));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            if (before != null) {
                summary.put("pass_at_1_before", round(before.passAt1()));
                summary.put("pass_at_" + before.k() + "_before", round(before.passAtK()));
                summary.put("before_by_task", byTask(before));
            }
            if (after != null) {
                summary.put("pass_at_1_after", round(after.passAt1()));
                summary.put("pass_at_" + after.k() + "_after", round(after.passAtK()));
                summary.put("after_by_task", byTask(after));
            }
            if (outcome.lastStep() != null) {
                summary.put(
                        "final_reward_mean", round(outcome.lastStep().metrics().get(RlvrTrainingTask.REWARD_MEAN)));
            }
            summary.put("base_model", modelDigest);
            summary.put("tokenizer", tokenizerDigest);
            summary.put("prompts", prompts.size());
            summary.put("prompts_dropped", dropped);
            summary.put("held_out_prompts", heldOut.size());
            summary.put("tasks", p.tasks());
            summary.put("group_size", p.groupSize());
            summary.put(
                    "advantage",
                    p.scaleRewards() ? "(r - group mean) / (group std + 1e-4) (TRL)" : "r - group mean (nanochat)");
            summary.put("steps", p.steps());
            summary.put("resumed_from_step", outcome.resumedFrom());
            summary.put("attempt", ctx.getInfo().getAttempt());
            summary.put("trained_tokens_per_s", outcome.tokensPerSecond());
            summary.put("device", p.device());
            if (resume.sentence() != null) summary.put("resumed", resume.sentence());
            return new StageResult(outcome.progress().checkpoint(), outputs, summary);
        } catch (CheckpointFormatException e) {
            throw new InvalidStageInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("rlvr of " + modelDigest + " failed: " + e.getMessage(), e);
        } finally {
            StageWork.deleteTree(work);
        }
    }

    private static Double round(Double v) {
        return v == null || !Double.isFinite(v) ? null : Math.round(v * 10_000) / 10_000.0;
    }

    /** The named tasks, each of which must have an exact checker. */
    static Map<String, ChatTask> checkableTasks(List<String> names) {
        if (names.isEmpty()) throw new InvalidStageInputException("rlvr param tasks is empty; name at least one task");
        Map<String, ChatTask> out = new LinkedHashMap<>();
        for (String name : names) {
            ChatTask task;
            try {
                task = ChatTasks.get(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidStageInputException("rlvr param tasks: " + e.getMessage(), e);
            }
            Conversation sample = task.item(0, 0);
            ChatRenderer.AssistantReply empty = new ChatRenderer.AssistantReply(List.of(), true, null, 0);
            if (task.check(sample, empty).isEmpty()) {
                throw new InvalidStageInputException(
                        "rlvr param tasks: task '" + name
                                + "' has no exact checker (its replies cannot be verified); use tasks like arithmetic, spelling");
            }
            out.put(name, task);
        }
        return out;
    }

    private List<Conversation> readPrompts(
            String input,
            String digest,
            Map<String, ChatTask> tasks,
            ChatRenderer renderer,
            GptConfig config,
            Map<String, Long> dropped)
            throws IOException {
        return RlPrompts.select(RlPrompts.read(publisher.store(), input, digest), tasks, renderer, config, dropped);
    }

    /** pass@1 and pass@k per task, as the summary shows them before and after training. */
    private static Map<String, Object> byTask(PassAtK.Result r) {
        Map<String, Object> out = new TreeMap<>();
        r.byTask().forEach((t, v) -> out.put(t, Map.of("pass_at_1", round(v[0]), "pass_at_k", round(v[1]))));
        return out;
    }
}
