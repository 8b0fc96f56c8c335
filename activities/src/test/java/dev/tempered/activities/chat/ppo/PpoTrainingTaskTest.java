package dev.tempered.activities.chat.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.reward.RewardModel;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.chat.rlvr.RlvrTrainingTaskTest;
import dev.tempered.activities.chat.rlvr.Verifier;
import dev.tempered.activities.chat.sft.SftFixtures;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.training.Metric;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingConfig;
import dev.tempered.activities.training.TrainingListener;
import dev.tempered.activities.training.TrainingLoop;
import dev.tempered.activities.training.TrainingOutcome;
import dev.tempered.activities.training.TrainingProgress;
import dev.tempered.activities.training.TrainingPulse;
import dev.tempered.activities.training.TrainingSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PPO on the tiny pretrained GPT with constructed scorers: the score rises on a learnable
 * objective; a scorer the verifier disagrees with (it pays for what the checker counts as wrong)
 * trips the reward-hacking guard, which stops the shared training loop with the reason; a run
 * resumed from a written and re-read state continues bit-exactly.
 */
class PpoTrainingTaskTest {
    static Checkpoint base;
    static ChatRenderer renderer;
    static List<Conversation> prompts;
    static List<Conversation> heldOut;

    /** Pays 1 when the reply's last token has an even id: learnable in a few steps. */
    static final SequenceScorer EVEN_LAST = seqs ->
            seqs.stream().mapToDouble(s -> s[s.length - 1] % 2 == 0 ? 1.0 : 0.0).toArray();

    @BeforeAll
    static void setUp() throws Exception {
        TinyBase tiny = TinyBase.get();
        try (InputStream in = tiny.publisher.store().open(tiny.base)) {
            base = Checkpoint.read(in, "tiny base");
        }
        renderer = SftFixtures.renderer(tiny.spec);
        prompts = RlvrTrainingTaskTest.toyPrompts(0, 32);
        heldOut = RlvrTrainingTaskTest.toyPrompts(100, 16);
    }

    static PpoTrainingTask.Settings settings() {
        return new PpoTrainingTask.Settings(
                16, new EngineSettings(2, 1.0, 0, 1.0, true, 2), 4, 2, 1.0, 0.95, 0.2, 0.2, 0.1, 1.0, 2, 9);
    }

    static PpoTrainingTask task(NDManager manager, SequenceScorer scorer, Verifier verifier, PpoGuards guards) {
        return task(manager, scorer, verifier, null, guards);
    }

    static PpoTrainingTask task(
            NDManager manager, SequenceScorer scorer, Verifier verifier, HeldoutReward second, PpoGuards guards) {
        Gpt policy = Gpt.fromValues(base.config(), base.parameters(), manager);
        Gpt reference = Gpt.fromValues(base.config(), base.parameters(), manager);
        RewardModel critic = RewardModel.fromChatModel(base.config(), base.parameters(), 9, manager);
        AdamW opt = new AdamW(new AdamW.Settings(0.9, 0.95, 1e-8, 0.0), manager);
        return new PpoTrainingTask(
                policy,
                reference,
                critic,
                opt,
                0,
                s -> 3e-3,
                settings(),
                new KlController(0.05, 0, 1),
                guards,
                PpoGuards.State.START,
                new SeededCursor<>(prompts, 4),
                heldOut,
                renderer,
                scorer,
                verifier,
                second,
                ModelOrigin.BASE);
    }

    @Test
    void theScoreRisesWhileTheKlStaysSmall() {
        try (NDManager manager = NDManager.newBaseManager();
                PpoTrainingTask task = task(manager, EVEN_LAST, null, new PpoGuards(50, 0.1, 0.1, 10))) {
            List<Double> scores = new ArrayList<>();
            double maxKl = 0;
            for (int i = 0; i < 12; i++) {
                StepResult r = task.step();
                scores.add(r.metrics().get(PpoTrainingTask.SCORE));
                maxKl = Math.max(maxKl, r.metrics().get(PpoTrainingTask.KL));
                assertTrue(Double.isFinite(r.metrics().get(PpoTrainingTask.VALUE_LOSS)), r.toString());
            }
            double first = (scores.get(0) + scores.get(1) + scores.get(2)) / 3;
            double last = (scores.get(9) + scores.get(10) + scores.get(11)) / 3;
            assertTrue(last > first + 0.2, "scores " + scores);
            assertTrue(maxKl < 50, "kl " + maxKl);
            assertNull(task.guards().stopReason());
        }
    }

    @Test
    void aRewardModelTheVerifierDisagreesWithTripsTheHackingGuardAndStopsTheLoop() {
        // The checker counts a reply right when its last token is odd; the "reward model" pays for even.
        Verifier oddLast = (item, tokens, reply) -> tokens[tokens.length - 1] % 2 == 1 ? 1.0 : 0.0;
        List<String> stops = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
                PpoTrainingTask task = task(manager, EVEN_LAST, oddLast, new PpoGuards(50, 0.05, 0.1, 10))) {
            task.evaluate(); // the starting model's held-out score, accuracy and length: the guards' baseline
            TrainingOutcome outcome =
                    new TrainingLoop(TrainingConfig.of(40, 2, 2), new Memory()).run(task, TrainingProgress.START);
            stops.add(outcome.stopReason());
            assertTrue(
                    outcome.stopReason() != null && outcome.stopReason().startsWith("reward_hacking: "),
                    String.valueOf(outcome.stopReason()));
            assertTrue(task.stepsDone() < 40, "stopped at " + task.stepsDone());
            assertEquals(task.stepsDone(), outcome.progress().step(), "the stop step is checkpointed");
        }
    }

    @Test
    void guardsRefuseANonPositiveKlBoundAndNameEachStop() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PpoGuards(0, 0.1, 0.1, 2));
        assertEquals("kl_bound must be > 0 (nats per sequence), got 0.0", e.getMessage());
        PpoGuards g = new PpoGuards(5, 0.05, 0.5, 2);
        PpoGuards.State s = g.afterEvaluation(PpoGuards.State.START, 0, 0.1, 0.5, Double.NaN, 10);
        assertTrue(g.afterBatch(s, 3, 6.0).stopReason().startsWith("kl_bound: mean KL 6.0 nats passed the bound 5.0"));
        // A reward model that rewards length: score rises with length while accuracy falls.
        PpoGuards.State hacked = g.afterEvaluation(s, 10, 0.9, 0.3, Double.NaN, 15);
        assertTrue(
                hacked.stopReason().startsWith("reward_hacking: held-out reward-model score rose 0.1 → 0.9"),
                hacked.stopReason());
        PpoGuards.State longer = g.afterEvaluation(s, 10, 0.9, 0.5, Double.NaN, 25);
        assertTrue(
                longer.stopReason().startsWith("length_runaway: held-out replies grew 10.0 → 25.0"),
                longer.stopReason());
        PpoGuards.State fine = g.afterEvaluation(s, 10, 0.4, 0.48, Double.NaN, 12);
        assertNull(fine.stopReason());
        assertEquals(10, fine.bestStep());
    }

    @Test
    void aSecondHeldoutRewardThatFallsWhileTheRmScoreRisesIsRewardHacking() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new PpoGuards(5, 0.05, -0.1, 2));
        assertEquals("second_reward_drop must be ≥ 0, got -0.1", e.getMessage());
        PpoGuards g = new PpoGuards(5, 0.05, 0.5, 2);
        // No verifier (NaN accuracy): the second reward is the only check of what the RM stands for.
        PpoGuards.State s = g.afterEvaluation(PpoGuards.State.START, 0, 0.1, Double.NaN, 4.2, 10);
        assertEquals(4.2, s.bestSecond());
        PpoGuards.State better = g.afterEvaluation(s, 5, 0.3, Double.NaN, 4.5, 11);
        assertNull(better.stopReason());
        assertEquals(4.5, better.bestSecond(), "the best second reward so far");
        assertEquals(5, better.bestStep());
        // Within the allowed drop below the best (4.5 − 0.5): goes on.
        assertNull(g.afterEvaluation(better, 10, 0.6, Double.NaN, 4.1, 11).stopReason());
        PpoGuards.State hacked = g.afterEvaluation(better, 10, 0.9, Double.NaN, 3.9, 11);
        assertEquals(
                "reward_hacking: held-out reward-model score rose 0.1 → 0.9 while the second held-out reward fell"
                        + " 4.5 → 3.9 at step 10",
                hacked.stopReason());
        assertEquals(5, hacked.bestStep(), "the kept step is the last good one");
        // Both fall together: the policy got worse, not better at gaming the RM; no hacking stop.
        assertNull(g.afterEvaluation(better, 10, 0.05, Double.NaN, 3.0, 11).stopReason());
        // Once stopped, later evaluations change nothing.
        assertEquals(hacked, g.afterEvaluation(hacked, 15, 2.0, Double.NaN, 0.0, 11));
    }

    @Test
    void theRubricRewardScoresAHeldoutReplyAsTheLabelersRubricDoes() {
        Conversation item = new Conversation(
                List.of(
                        dev.tempered.activities.chat.Message.user("What is 3 times 4?"),
                        dev.tempered.activities.chat.Message.assistant("3 times 4 is 12.\n#### 12")),
                "test",
                "arithmetic",
                "q1");
        RubricReward rubric = new RubricReward();
        String right = "It is 12.\n#### 12";
        String wrong = "It is 13.\n#### 13";
        assertEquals(4 + 1 - right.length() / 1000.0, rubric.reward(item, new int[0], reply(right)), 1e-12);
        assertEquals(1 - wrong.length() / 1000.0, rubric.reward(item, new int[0], reply(wrong)), 1e-12);
        assertEquals(-0.008, rubric.reward(item, new int[0], reply("12 maybe")), 1e-12, "no #### answer: length only");
    }

    private static ChatRenderer.AssistantReply reply(String text) {
        return new ChatRenderer.AssistantReply(
                List.of(new dev.tempered.activities.chat.Part.Text(text)), true, null, 0);
    }

    @Test
    void aSecondRewardTheRmDisagreesWithTripsTheHackingGuardInTheLoop() {
        // The "reward model" pays for an even last token, the second held-out reward for an odd one:
        // the more PPO pleases the first, the lower the second; no verifier.
        HeldoutReward oddLast = (item, tokens, reply) -> tokens[tokens.length - 1] % 2 == 1 ? 1.0 : 0.0;
        try (NDManager manager = NDManager.newBaseManager();
                PpoTrainingTask task = task(manager, EVEN_LAST, null, oddLast, new PpoGuards(50, 0.05, 0.05, 10))) {
            Map<String, Double> start = task.evaluate();
            assertTrue(start.containsKey(PpoTrainingTask.VAL_SECOND_REWARD), start.toString());
            assertTrue(!start.containsKey(PpoTrainingTask.VAL_ACCURACY), "no verifier, no accuracy: " + start);
            TrainingOutcome outcome =
                    new TrainingLoop(TrainingConfig.of(40, 2, 2), new Memory()).run(task, TrainingProgress.START);
            assertTrue(
                    outcome.stopReason() != null
                            && outcome.stopReason().startsWith("reward_hacking: ")
                            && outcome.stopReason().contains("while the second held-out reward fell"),
                    String.valueOf(outcome.stopReason()));
            assertTrue(task.stepsDone() < 40, "stopped at " + task.stepsDone());
            assertEquals(task.stepsDone(), outcome.progress().step(), "the stop step is checkpointed");
        }
    }

    @Test
    void aResumedRunContinuesBitExactly() throws Exception {
        PpoGuards guards = new PpoGuards(50, 0.1, 0.1, 10);
        List<Double> straight = new ArrayList<>();
        Map<String, float[]> straightValues;
        try (NDManager manager = NDManager.newBaseManager();
                PpoTrainingTask task = task(manager, EVEN_LAST, null, guards)) {
            for (int i = 0; i < 3; i++) straight.add(task.step().loss());
            straightValues = task.policy().values();
        }
        List<Double> resumed = new ArrayList<>();
        byte[] saved;
        try (NDManager manager = NDManager.newBaseManager();
                PpoTrainingTask task = task(manager, EVEN_LAST, null, guards)) {
            resumed.add(task.step().loss());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            task.snapshot().write(out);
            saved = out.toByteArray();
        }
        PpoCheckpoint ckpt = PpoCheckpoint.read(new ByteArrayInputStream(saved), "saved");
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt policy = Gpt.fromValues(ckpt.policy().config(), ckpt.policy().parameters(), manager);
            Gpt reference = Gpt.fromValues(base.config(), base.parameters(), manager);
            RewardModel critic = RewardModel.of(
                    ckpt.critic().config(),
                    ckpt.critic().trunk().parameters(),
                    ckpt.critic().headWeight(),
                    ckpt.critic().headBias(),
                    0,
                    manager);
            java.util.Map<String, ai.djl.ndarray.NDArray> all = new java.util.LinkedHashMap<>();
            policy.parameters().forEach((k, v) -> all.put(PpoTrainingTask.POLICY + k, v));
            critic.parameters().forEach((k, v) -> all.put(PpoTrainingTask.VALUE + k, v));
            AdamW opt = AdamW.restore(ckpt.optimizer(), all, manager);
            SeededCursor<Conversation> cursor = new SeededCursor<>(prompts, 4);
            cursor.seek(ckpt.policy().loader());
            try (PpoTrainingTask task = new PpoTrainingTask(
                    policy,
                    reference,
                    critic,
                    opt,
                    ckpt.step(),
                    s -> 3e-3,
                    settings(),
                    ckpt.kl(),
                    guards,
                    ckpt.guards(),
                    cursor,
                    heldOut,
                    renderer,
                    EVEN_LAST,
                    null,
                    null,
                    ModelOrigin.BASE)) {
                for (int i = 0; i < 2; i++) resumed.add(task.step().loss());
                Map<String, float[]> values = task.policy().values();
                for (String path : straightValues.keySet())
                    assertArrayEquals(straightValues.get(path), values.get(path), path);
            }
        }
        assertEquals(straight, resumed);
    }

    /** A listener that keeps nothing: the loop's outcome is what these tests read. */
    static final class Memory implements TrainingListener {
        int published;

        @Override
        public void recordMetrics(List<Metric> batch) {}

        @Override
        public String publishCheckpoint(TrainingSnapshot snapshot, StepResult update) {
            return "ckpt-" + snapshot.step() + "-" + (++published);
        }

        @Override
        public void progress(TrainingPulse now, TrainingProgress lastCheckpoint) {}
    }
}
