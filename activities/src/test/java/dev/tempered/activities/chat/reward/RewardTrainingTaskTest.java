package dev.tempered.activities.chat.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.chat.sft.SftFixtures;
import dev.tempered.activities.chat.sft.TinyBase;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.Checkpoint;
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
 * The reward model on the tiny pretrained GPT: it learns a synthetic preference (longer is better)
 * to more than 0.95 pairwise accuracy on held-out prompts, and a run resumed from a written and
 * re-read checkpoint continues bit-exactly.
 */
class RewardTrainingTaskTest {
    static Checkpoint base;
    static ChatRenderer renderer;
    static PreferenceGroups groups;

    @BeforeAll
    static void setUp() throws Exception {
        TinyBase tiny = TinyBase.get();
        try (InputStream in = tiny.publisher.store().open(tiny.base)) {
            base = Checkpoint.read(in, "tiny base");
        }
        renderer = SftFixtures.renderer(tiny.spec);
        groups = PreferenceGroups.prepare(
                RewardFixtures.longerIsBetter(160, 3, 7),
                renderer,
                base.config().contextLength(),
                0.2,
                0);
    }

    @Test
    void groupsKeepEachRankingsPairsTogetherAndSplitByPrompt() {
        PreferenceGroups.Counts c = groups.counts();
        assertEquals(480, c.pairs());
        assertEquals(0, c.identicalAfterCut());
        assertEquals(480, c.trainPairs() + c.heldOutPairs());
        assertTrue(
                groups.heldOut().size() >= 20 && groups.heldOut().size() <= 45,
                groups.heldOut().size() + "");
        for (RankingGroup g : groups.train()) {
            assertEquals(3, g.sequences().size());
            assertEquals(3, g.pairs().size());
        }
        List<String> trainPrompts =
                groups.train().stream().map(RankingGroup::promptId).toList();
        for (RankingGroup g : groups.heldOut()) assertTrue(!trainPrompts.contains(g.promptId()));
    }

    @Test
    void learnsLongerIsBetterToMoreThan95PercentOnHeldOutPrompts() {
        try (NDManager manager = NDManager.newBaseManager();
                RewardTrainingTask task = fresh(manager)) {
            double before = task.evaluate().get(RewardTrainingTask.VAL_ACCURACY);
            for (int i = 0; i < 80; i++) task.step();
            Map<String, Double> after = task.evaluate();
            assertTrue(after.get(RewardTrainingTask.VAL_ACCURACY) > 0.95, "before " + before + ", after " + after);
            assertTrue(after.get(RewardTrainingTask.VAL_MARGIN) > 0.5, after.toString());
        }
    }

    /**
     * Simulated labelers who get 10 % of their comparisons backwards: a perfect model agrees with the
     * noisy held-out labels on about 90 % of pairs (the noise ceiling), and the model trained on the
     * noisy labels still ranks more than 80 % of the clean held-out pairs right (issue 14's target: 75 %).
     */
    @Test
    void learnsThroughTenPercentLabelNoise() {
        List<dev.tempered.activities.chat.prefs.PreferencePair> clean = RewardFixtures.longerIsBetter(160, 3, 7);
        java.util.Random rng = new java.util.Random(10);
        List<dev.tempered.activities.chat.prefs.PreferencePair> noisy = new ArrayList<>();
        int flipped = 0;
        for (var p : clean) {
            if (rng.nextDouble() < 0.1) {
                flipped++;
                noisy.add(new dev.tempered.activities.chat.prefs.PreferencePair(
                        p.group(),
                        p.taskId(),
                        p.promptId(),
                        p.labeler(),
                        p.rejectedResponse(),
                        p.chosenResponse(),
                        p.chosenRank(),
                        p.rejectedRank(),
                        p.confidence(),
                        p.rejected(),
                        p.chosen()));
            } else {
                noisy.add(p);
            }
        }
        PreferenceGroups noisyGroups =
                PreferenceGroups.prepare(noisy, renderer, base.config().contextLength(), 0.2, 0);
        double ceiling = 1 - (double) flipped / clean.size();
        try (NDManager manager = NDManager.newBaseManager()) {
            RewardModel model = RewardModel.fromChatModel(base.config(), base.parameters(), 11, manager);
            AdamW opt = new AdamW(new AdamW.Settings(0.9, 0.95, 1e-8, 0.0), manager);
            try (RewardTrainingTask task = new RewardTrainingTask(
                    model,
                    opt,
                    0,
                    s -> 1e-3,
                    settings(),
                    new SeededCursor<>(noisyGroups.train(), 11),
                    noisyGroups.heldOut(),
                    ModelOrigin.BASE)) {
                for (int i = 0; i < 150; i++) task.step();
                double onNoisy = task.evaluate(noisyGroups.heldOut(), 8).accuracy();
                double onClean = task.evaluate(groups.heldOut(), 8).accuracy();
                System.out.printf(
                        "reward model, 10%% label noise: ceiling %.4f, held-out accuracy %.4f on noisy labels, %.4f on clean%n",
                        ceiling, onNoisy, onClean);
                assertTrue(ceiling > 0.85 && ceiling < 0.95, "flipped " + flipped);
                assertTrue(onClean > 0.8, "clean " + onClean + ", noisy " + onNoisy);
                assertTrue(onNoisy < onClean, "clean " + onClean + ", noisy " + onNoisy);
            }
        }
    }

    @Test
    void aResumedRunContinuesBitExactly() throws Exception {
        List<Double> straight = new ArrayList<>();
        float[] straightHead;
        try (NDManager manager = NDManager.newBaseManager();
                RewardTrainingTask task = fresh(manager)) {
            for (int i = 0; i < 6; i++) straight.add(task.step().loss());
            straightHead = task.model().headWeight();
        }
        List<Double> resumed = new ArrayList<>();
        byte[] saved;
        try (NDManager manager = NDManager.newBaseManager();
                RewardTrainingTask task = fresh(manager)) {
            for (int i = 0; i < 3; i++) resumed.add(task.step().loss());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            task.snapshot().write(out);
            saved = out.toByteArray();
        }
        RewardCheckpoint ckpt = RewardCheckpoint.read(new ByteArrayInputStream(saved), "saved");
        assertEquals(3, ckpt.step());
        try (NDManager manager = NDManager.newBaseManager()) {
            RewardModel model = RewardModel.of(
                    ckpt.config(), ckpt.trunk().parameters(), ckpt.headWeight(), ckpt.headBias(), 0, manager);
            AdamW opt = AdamW.restore(ckpt.optimizer(), model.parameters(), manager);
            SeededCursor<RankingGroup> batches = new SeededCursor<>(groups.train(), 11);
            batches.seek(ckpt.trunk().loader());
            try (RewardTrainingTask task = new RewardTrainingTask(
                    model, opt, ckpt.step(), s -> 1e-3, settings(), batches, groups.heldOut(), ModelOrigin.BASE)) {
                for (int i = 0; i < 3; i++) {
                    StepResult r = task.step();
                    resumed.add(r.loss());
                }
                assertArrayEquals(straightHead, task.model().headWeight());
            }
        }
        assertEquals(straight, resumed);
    }

    static RewardTrainingTask.Settings settings() {
        return new RewardTrainingTask.Settings(8, 1.0, 0, 11);
    }

    private static RewardTrainingTask fresh(NDManager manager) {
        RewardModel model = RewardModel.fromChatModel(base.config(), base.parameters(), 11, manager);
        AdamW opt = new AdamW(new AdamW.Settings(0.9, 0.95, 1e-8, 0.0), manager);
        return new RewardTrainingTask(
                model,
                opt,
                0,
                s -> 1e-3,
                settings(),
                new SeededCursor<>(groups.train(), 11),
                groups.heldOut(),
                ModelOrigin.BASE);
    }
}
