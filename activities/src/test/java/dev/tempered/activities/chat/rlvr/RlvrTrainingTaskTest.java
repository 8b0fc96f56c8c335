package dev.tempered.activities.chat.rlvr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.engine.EngineSettings;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.chat.sft.SftFixtures;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.chat.tasks.ArithmeticTask;
import dev.tempered.activities.chat.tasks.ChatTask;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
import dev.tempered.activities.model.Gpt;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.training.StepResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GRPO on the tiny pretrained GPT with constructed verifiers: a verifier the model always satisfies
 * gives zero advantages and leaves every weight bit-identical; a learnable one (the reply's first
 * token has an even id) raises held-out pass@1; a resumed run continues bit-exactly; the tasks'
 * own checker rewards a correct answer 1 and a wrong one 0.
 */
public class RlvrTrainingTaskTest {
    static Checkpoint base;
    static ChatRenderer renderer;
    static List<Conversation> prompts;
    static List<Conversation> heldOut;

    @BeforeAll
    static void setUp() throws Exception {
        TinyBase tiny = TinyBase.get();
        try (InputStream in = tiny.publisher.store().open(tiny.base)) {
            base = Checkpoint.read(in, "tiny base");
        }
        renderer = SftFixtures.renderer(tiny.spec);
        prompts = toyPrompts(0, 24);
        heldOut = toyPrompts(100, 12);
    }

    public static List<Conversation> toyPrompts(int from, int n) {
        String[] topics = {"tables", "indexes", "files", "queries", "roles", "backups"};
        List<Conversation> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new Conversation(
                    List.of(
                            Message.user("Tell me about " + topics[i % topics.length] + " " + i),
                            Message.assistant("ok")),
                    "test",
                    "toy",
                    "toy-" + i));
        }
        return out;
    }

    static RlvrTrainingTask.Settings settings(int maxTokens) {
        return new RlvrTrainingTask.Settings(
                4, 8, new EngineSettings(maxTokens, 1.0, 0, 1.0, true, 2), false, 0.2, 0.0, 1.0, 16, 4, 3);
    }

    static RlvrTrainingTask task(NDManager manager, Verifier verifier, double lr, int maxTokens) {
        Gpt policy = Gpt.fromValues(base.config(), base.parameters(), manager);
        AdamW opt = new AdamW(new AdamW.Settings(0.9, 0.95, 1e-8, 0.0), manager);
        return new RlvrTrainingTask(
                policy,
                null,
                opt,
                0,
                s -> lr,
                settings(maxTokens),
                new SeededCursor<>(prompts, 5),
                heldOut,
                renderer,
                verifier,
                ModelOrigin.BASE);
    }

    @Test
    void aTaskTheModelAlreadySolvesHasZeroAdvantageAndLeavesWeightsUnchanged() {
        try (NDManager manager = NDManager.newBaseManager();
                RlvrTrainingTask task = task(manager, (item, tokens, reply) -> 1.0, 1e-2, 6)) {
            Map<String, float[]> before = task.policy().values();
            for (int i = 0; i < 2; i++) {
                StepResult r = task.step();
                assertEquals(1.0, r.metrics().get(RlvrTrainingTask.REWARD_MEAN));
                assertEquals(1.0, r.metrics().get(RlvrTrainingTask.ZERO_STD));
                assertEquals(0.0, r.metrics().get(RlvrTrainingTask.REWARD_STD));
                assertEquals(0.0, r.gradNorm());
            }
            Map<String, float[]> after = task.policy().values();
            for (String path : before.keySet()) assertArrayEquals(before.get(path), after.get(path), path);
            assertEquals(2, task.stepsDone());
        }
    }

    @Test
    void aLearnableRewardRisesOnHeldOutPrompts() {
        Verifier evenFirstToken = (item, tokens, reply) -> tokens.length > 0 && tokens[0] % 2 == 0 ? 1.0 : 0.0;
        try (NDManager manager = NDManager.newBaseManager();
                RlvrTrainingTask task = task(manager, evenFirstToken, 1e-2, 2)) {
            double before = task.evaluate().get(RlvrTrainingTask.VAL_PASS_AT_1);
            List<Double> rewards = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                StepResult r = task.step();
                rewards.add(r.metrics().get(RlvrTrainingTask.REWARD_MEAN));
                assertTrue(r.gradNorm() > 0 || r.metrics().get(RlvrTrainingTask.ZERO_STD) == 1.0, r.toString());
            }
            double after = task.evaluate().get(RlvrTrainingTask.VAL_PASS_AT_1);
            assertTrue(after > before + 0.2, "held-out pass@1 " + before + " → " + after + "; rewards " + rewards);
        }
    }

    @Test
    void aResumedRunContinuesBitExactly() throws Exception {
        Verifier evenFirstToken = (item, tokens, reply) -> tokens.length > 0 && tokens[0] % 2 == 0 ? 1.0 : 0.0;
        List<Double> straight = new ArrayList<>();
        Map<String, float[]> straightValues;
        try (NDManager manager = NDManager.newBaseManager();
                RlvrTrainingTask task = task(manager, evenFirstToken, 3e-3, 3)) {
            for (int i = 0; i < 4; i++) straight.add(task.step().loss());
            straightValues = task.policy().values();
        }
        List<Double> resumed = new ArrayList<>();
        byte[] saved;
        try (NDManager manager = NDManager.newBaseManager();
                RlvrTrainingTask task = task(manager, evenFirstToken, 3e-3, 3)) {
            for (int i = 0; i < 2; i++) resumed.add(task.step().loss());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            task.snapshot().write(out);
            saved = out.toByteArray();
        }
        Checkpoint ckpt = Checkpoint.read(new ByteArrayInputStream(saved), "saved");
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt policy = Gpt.fromValues(ckpt.config(), ckpt.parameters(), manager);
            AdamW opt = AdamW.restore(ckpt.optimizer(), policy.parameters(), manager);
            SeededCursor<Conversation> cursor = new SeededCursor<>(prompts, 5);
            cursor.seek(ckpt.loader());
            try (RlvrTrainingTask task = new RlvrTrainingTask(
                    policy,
                    null,
                    opt,
                    ckpt.step(),
                    s -> 3e-3,
                    settings(3),
                    cursor,
                    heldOut,
                    renderer,
                    evenFirstToken,
                    ModelOrigin.BASE)) {
                for (int i = 0; i < 2; i++) resumed.add(task.step().loss());
                Map<String, float[]> values = task.policy().values();
                for (String path : straightValues.keySet())
                    assertArrayEquals(straightValues.get(path), values.get(path), path);
            }
        }
        assertEquals(straight, resumed);
    }

    @Test
    void theTasksCheckerRewardsTheRightAnswerOneAndAWrongOneZero() {
        ChatTask arithmetic = new ArithmeticTask();
        Conversation item = arithmetic.item(1, 0);
        TaskVerifier verifier = new TaskVerifier(Map.of(arithmetic.name(), arithmetic), 0.1);
        int[] right = renderer.renderReply(item.last().parts());
        assertEquals(1.1, verifier.reward(item, right, renderer.parseReply(right)), 1e-12);
        int[] wrong = renderer.renderReply(List.of(new dev.tempered.activities.chat.Part.Text("#### -98765")));
        assertEquals(0.1, verifier.reward(item, wrong, renderer.parseReply(wrong)), 1e-12);
        int[] none = renderer.renderReply(List.of(new dev.tempered.activities.chat.Part.Text("no idea")));
        assertEquals(0.0, verifier.reward(item, none, renderer.parseReply(none)), 1e-12);
    }

    @Test
    void aGroupOfOneIsRefusedByName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new RlvrTrainingTask.Settings(4, 1, EngineSettings.greedy(4), false, 0.2, 0, 1, 8, 1, 1));
        assertTrue(e.getMessage().startsWith("group_size G must be ≥ 2"), e.getMessage());
    }
}
