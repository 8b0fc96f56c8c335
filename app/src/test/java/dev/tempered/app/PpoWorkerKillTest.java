package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ppo.PpoTrainingTask;
import dev.tempered.activities.chat.reward.RewardCheckpoint;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.reward.stage.RewardStage;
import dev.tempered.activities.chat.rlvr.RlvrTrainingTaskTest;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.model.TokenWindows;
import dev.tempered.activities.tokenizer.stage.TokenizerArtifacts;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.PipelineFile;
import dev.tempered.app.platform.PipelineSubmitter;
import dev.tempered.app.platform.Platform;
import dev.tempered.storage.ArtifactPublisher;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.PipelineRunRecord;
import dev.tempered.storage.StageRunRecord;
import dev.tempered.storage.StageStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of PPO: the model worker running {@code ppo} is killed with SIGKILL after it has
 * heartbeated a PPO state (policy, critic, both optimisers, KL controller, guards); a new worker
 * process takes the retry after the stage's heartbeat timeout (180 s) and continues from that
 * state, not from step 0. The resumed run completes with every step's metrics recorded once and
 * the same kept model, to the byte, as an undisturbed run in another worker process.
 *
 * <p>The inputs are the tiny pretrained GPT of the activities tests (as a chat model) and a reward
 * model on its trunk, published into the platform's store and named by digest in the pipeline, so
 * the test trains PPO only, not the whole chain up to it.
 */
class PpoWorkerKillTest {
    private static final int STEPS = 40;
    private static final int EVERY = 4;

    @TempDir
    Path root;

    @Test
    void killedModelWorkerIsReplacedAndPpoResumesFromItsState() throws Exception {
        TemperedConfig config = TemperedConfig.load(null, Map.of())
                .withDataDir(root.resolve("data"))
                .withWebPort(0);
        try (Platform platform = Platform.start(config)) {
            platform.publishPlatformFile("none");
            Path pipeline = root.resolve("ppo.yaml");
            Files.writeString(pipeline, pipeline(publishInputs(platform.publisher())));
            long started = System.nanoTime();
            Process first = WorkerProcesses.start(root, "worker-1", "workflows,cpu,model");
            Process second = null;
            try {
                String runId = PipelineSubmitter.submit(platform, PipelineFile.read(pipeline), true);
                long stateStepAtKill = WorkerProcesses.awaitProgress(
                        platform,
                        runId,
                        "OptimizeWithPpo",
                        beat -> beat.get("checkpoint") == null ? 0 : ((Number) beat.get("step")).longValue(),
                        1,
                        Duration.ofMinutes(3));
                assertTrue(stateStepAtKill > 0, "ppo heartbeated a state before the kill");
                log(started, "killing worker-1 after a heartbeat with the step-" + stateStepAtKill + " state");
                WorkerProcesses.kill(first);

                second = WorkerProcesses.start(root, "worker-2", "workflows,cpu,model");
                platform.client().newUntypedWorkflowStub(runId).getResult(8, TimeUnit.MINUTES, Object.class);
                PipelineRunRecord run = platform.lineage().run(runId).orElseThrow();
                log(started, "killed run done");
                assertEquals(StageStatus.SUCCEEDED, run.status(), String.valueOf(run.error()));
                StageRunRecord ppo = run.stages().get(0);
                int attempt = ((Number) ppo.summary().get("attempt")).intValue();
                long resumedFrom = ((Number) ppo.summary().get("resumed_from_step")).longValue();
                assertTrue(attempt >= 2, "the activity was retried: attempt " + attempt);
                // Temporal may hold a later heartbeat than the one seen here, never an earlier one.
                assertTrue(
                        resumedFrom >= stateStepAtKill && resumedFrom % EVERY == 0 && resumedFrom < STEPS,
                        "resumed from step " + resumedFrom + " after a kill at state step " + stateStepAtKill);
                assertEquals(
                        "completed " + STEPS + " steps",
                        ppo.summary().get("stop_reason"),
                        ppo.summary().toString());

                String calm = PipelineSubmitter.submit(platform, PipelineFile.read(pipeline), true);
                platform.client().newUntypedWorkflowStub(calm).getResult(4, TimeUnit.MINUTES, Object.class);
                StageRunRecord calmPpo =
                        platform.lineage().run(calm).orElseThrow().stages().get(0);
                log(started, "undisturbed run done");
                assertEquals(1, ((Number) calmPpo.summary().get("attempt")).intValue());
                List<MetricPoint> scores = series(platform, ppo, PpoTrainingTask.SCORE);
                assertEquals(STEPS, scores.size(), "every step's score recorded once: " + scores);
                for (int i = 0; i < scores.size(); i++)
                    assertEquals(i + 1, scores.get(i).step());
                // assertEquals on doubles compares bits (Double.equals), not within a tolerance.
                assertEquals(
                        series(platform, calmPpo, PpoTrainingTask.SCORE),
                        scores,
                        "the same scores as the undisturbed run");
                assertEquals(
                        calmPpo.summary().get("primary_output"),
                        ppo.summary().get("primary_output"),
                        "the same kept model bytes");
                assertEquals(calmPpo.outputs(), ppo.outputs(), "the same PPO states (names, digests, sizes)");
            } finally {
                first.destroyForcibly();
                if (second != null) second.destroyForcibly();
            }
        }
    }

    private static String pipeline(Map<String, String> in) {
        return """
                name: ppo-kill
                stages:
                  - stage: ppo
                    inputs: {model: "%s", tokenizer: "%s", reward_model: "%s", prompts: "%s"}
                    params: {steps: %d, prompts_per_step: 4, max_tokens: 4, ppo_epochs: 2, eval_every: %d, learning_rate: 0.001}
                """.formatted(
                        in.get("model"), in.get("tokenizer"), in.get("reward_model"), in.get("prompts"), STEPS, EVERY);
    }

    /** The tiny GPT as a chat model, a reward model on its trunk, its tokenizer and toy prompts, in the platform's store. */
    private Map<String, String> publishInputs(ArtifactPublisher publisher) throws Exception {
        TinyBase tiny = TinyBase.get();
        Checkpoint base;
        try (InputStream in = tiny.publisher.store().open(tiny.base)) {
            base = Checkpoint.read(in, "tiny base");
        }
        Path work = Files.createDirectories(root.resolve("inputs"));
        String tokenizer =
                TokenizerArtifacts.publish(publisher, tiny.spec, work, Map.of()).digest();
        ModelOrigin origin = ModelOrigin.chat(tokenizer, ChatRenderer.VERSION);
        ByteArrayOutputStream chat = new ByteArrayOutputStream();
        new Checkpoint(
                        base.config(),
                        base.step(),
                        base.seed(),
                        base.loader(),
                        base.parameters(),
                        base.optimizer(),
                        origin)
                .write(chat);
        String model = publisher
                .publish(chat.toByteArray(), "checkpoint", "application/octet-stream", Map.of("kind", "chat"))
                .digest();
        ByteArrayOutputStream rmBytes = new ByteArrayOutputStream();
        try (NDManager manager = NDManager.newBaseManager();
                RewardModel rm = RewardModel.fromChatModel(base.config(), base.parameters(), 3, manager);
                AdamW opt = new AdamW(AdamW.Settings.defaults(), manager)) {
            RewardCheckpoint.of(rm, opt, 0, 3, new TokenWindows.Position(0, 0), origin, 0)
                    .write(rmBytes);
        }
        String rewardModel = publisher
                .publish(rmBytes.toByteArray(), RewardStage.KIND, "application/octet-stream", Map.of())
                .digest();
        List<Conversation> toy = RlvrTrainingTaskTest.toyPrompts(0, 24);
        ByteArrayOutputStream prompts = new ByteArrayOutputStream();
        ConversationFile.write(toy, prompts);
        String promptsDigest = publisher
                .publish(prompts.toByteArray(), ConversationFile.KIND, ConversationFile.MEDIA_TYPE, Map.of())
                .digest();
        return Map.of("model", model, "tokenizer", tokenizer, "reward_model", rewardModel, "prompts", promptsDigest);
    }

    private static void log(long started, String what) {
        System.out.printf("[test %.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    /** One metric's series as (step, value) pairs, without the time each point was recorded. */
    private static List<MetricPoint> series(Platform platform, StageRunRecord stage, String name) {
        return platform.lineage().metrics(stage.id(), 0).stream()
                .filter(m -> m.name().equals(name))
                .map(m -> MetricPoint.of(m.step(), m.name(), m.value()))
                .toList();
    }
}
