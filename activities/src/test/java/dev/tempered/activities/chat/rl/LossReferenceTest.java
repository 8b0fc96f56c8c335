package dev.tempered.activities.chat.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tempered.activities.chat.ppo.Gae;
import dev.tempered.activities.chat.ppo.KlEstimator;
import dev.tempered.activities.chat.ppo.PpoLosses;
import dev.tempered.activities.chat.ppo.PpoRewards;
import dev.tempered.activities.chat.reward.BradleyTerry;
import dev.tempered.activities.chat.rlvr.GroupAdvantages;
import dev.tempered.activities.chat.rlvr.TokenLevelLoss;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reward, PPO and RLVR loss math against references computed from TRL's formulas by
 * {@code bench/rl/make_rl_reference.py} (float64, committed as {@code chat/rl/loss-references.json}):
 * equal within 1e-6. The tensor losses run in float32 on values of order 1, well inside that.
 */
class LossReferenceTest {
    private static final double TOL = 1e-6;
    private static JsonNode ref;
    private static NDManager manager;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LossReferenceTest.class.getResourceAsStream("/chat/rl/loss-references.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void bradleyTerryMatchesTrlAndTheGroupedForm() {
        JsonNode bt = ref.get("bradley_terry");
        NDArray c = vector(bt.get("chosen"));
        NDArray r = vector(bt.get("rejected"));
        NDArray m = vector(bt.get("margin"));
        int[] group = ints(bt.get("group"));
        float[] uniform = new float[group.length];
        java.util.Arrays.fill(uniform, 1f / group.length);
        NDArray mean = manager.create(uniform);
        assertEquals(
                bt.get("trl_loss_with_margin").asDouble(),
                BradleyTerry.loss(c, r, m, mean, 0).getFloat(),
                TOL);
        assertEquals(
                bt.get("trl_loss_no_margin").asDouble(),
                BradleyTerry.loss(c, r, null, mean, 0).getFloat(),
                TOL);
        NDArray grouped = manager.create(BradleyTerry.groupWeights(group));
        assertEquals(
                bt.get("grouped_loss_with_margin").asDouble(),
                BradleyTerry.loss(c, r, m, grouped, 0).getFloat(),
                TOL);
        double centring = bt.get("center_coefficient").asDouble();
        assertEquals(
                bt.get("trl_loss_with_margin").asDouble()
                        + bt.get("centring_term").asDouble(),
                BradleyTerry.loss(c, r, m, mean, centring).getFloat(),
                TOL);
        // The grouped weights differ from the plain mean here: rankings have 3, 1, 6 and 3 pairs.
        assertEquals(1.0, sum(BradleyTerry.groupWeights(group)), 1e-6);
        assertEquals(1f / 4 / 6, BradleyTerry.groupWeights(group)[4], 1e-9);
    }

    @Test
    void klEstimatorsAndShapedRewardsMatchTrlsPpo() {
        JsonNode kl = ref.get("kl");
        double[][] logp = matrix(kl.get("logprobs"));
        double[][] refLogp = matrix(kl.get("ref_logprobs"));
        int[] lengths = ints(kl.get("lengths"));
        PpoRewards.Result k1 = PpoRewards.compute(
                logp,
                refLogp,
                lengths,
                doubles(kl.get("scores")),
                kl.get("kl_coef").asDouble(),
                KlEstimator.K1);
        assertMatrix(matrix(kl.get("k1")), k1.kl());
        assertMatrix(matrix(kl.get("rewards_k1")), k1.rewards());
        PpoRewards.Result k3 = PpoRewards.compute(
                logp,
                refLogp,
                lengths,
                doubles(kl.get("scores")),
                kl.get("kl_coef").asDouble(),
                KlEstimator.K3);
        assertMatrix(matrix(kl.get("k3")), k3.kl());
    }

    @Test
    void gaeAndWhiteningMatchTrlsPpo() {
        JsonNode g = ref.get("gae");
        int[] lengths = ints(g.get("lengths"));
        Gae.Result r = Gae.compute(
                matrix(g.get("rewards")),
                matrix(g.get("values")),
                lengths,
                g.get("gamma").asDouble(),
                g.get("lam").asDouble());
        assertMatrix(matrix(g.get("advantages")), r.advantages());
        assertMatrix(matrix(g.get("returns")), r.returns());
        assertMatrix(matrix(g.get("whitened_advantages")), Gae.whiten(r.advantages(), lengths));
    }

    @Test
    void clippedPolicyAndValueLossesMatchTrlsPpo() {
        JsonNode p = ref.get("ppo");
        NDArray mask = tensor(p.get("mask"));
        PpoLosses.Policy policy = PpoLosses.policy(
                tensor(p.get("new_logprobs")),
                tensor(p.get("old_logprobs")),
                tensor(p.get("advantages")),
                mask,
                p.get("cliprange").asDouble());
        assertEquals(p.get("pg_loss").asDouble(), policy.loss().getFloat(), TOL);
        assertEquals(p.get("pg_clipfrac").asDouble(), policy.clipFraction(), TOL);
        assertEquals(p.get("approxkl_masked").asDouble(), policy.approxKl(), TOL);
        PpoLosses.Value value = PpoLosses.value(
                tensor(p.get("new_values")),
                tensor(p.get("old_values")),
                tensor(p.get("returns")),
                mask,
                p.get("cliprange_value").asDouble());
        assertEquals(p.get("vf_loss").asDouble(), value.loss().getFloat(), TOL);
        assertEquals(p.get("vf_clipfrac").asDouble(), value.clipFraction(), TOL);
        double vfCoef = p.get("vf_coef").asDouble();
        assertEquals(
                p.get("loss").asDouble(),
                policy.loss().getFloat() + vfCoef * value.loss().getFloat(),
                TOL);
        // Both clip fractions must be strictly between 0 and 1 for the fixture to test the clipping at all.
        org.junit.jupiter.api.Assertions.assertTrue(policy.clipFraction() > 0 && policy.clipFraction() < 1);
        org.junit.jupiter.api.Assertions.assertTrue(value.clipFraction() > 0 && value.clipFraction() < 1);
    }

    @Test
    void groupAdvantagesAndTokenLevelLossMatchTrlsGrpo() {
        JsonNode g = ref.get("grpo");
        double[] rewards = doubles(g.get("rewards"));
        int size = g.get("group_size").asInt();
        assertArray(doubles(g.get("advantages_unscaled")), GroupAdvantages.compute(rewards, size, false));
        assertArray(doubles(g.get("advantages_scaled")), GroupAdvantages.compute(rewards, size, true));
        assertEquals(0.25, GroupAdvantages.zeroStdFraction(rewards, size), 0);
        double[] adv = doubles(g.get("sequence_advantages"));
        float[] a = new float[adv.length];
        for (int i = 0; i < adv.length; i++) a[i] = (float) adv[i];
        NDArray loss = TokenLevelLoss.loss(
                tensor(g.get("new_logprobs")),
                tensor(g.get("old_logprobs")),
                tensor(g.get("ref_logprobs")),
                manager.create(a, new Shape(adv.length, 1)),
                tensor(g.get("mask")),
                g.get("epsilon").asDouble(),
                g.get("beta").asDouble());
        assertEquals(g.get("token_level_loss").asDouble(), loss.getFloat(), TOL);
    }

    @Test
    void aGroupOfOneIsRefusedByName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> GroupAdvantages.compute(new double[] {1, 0}, 1, false));
        assertEquals("group size G must be ≥ 2 (the group mean is the baseline), got 1", e.getMessage());
    }

    private static NDArray vector(JsonNode n) {
        double[] d = doubles(n);
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return manager.create(f);
    }

    private static NDArray tensor(JsonNode n) {
        double[][] d = matrix(n);
        float[] f = new float[d.length * d[0].length];
        for (int r = 0; r < d.length; r++)
            for (int i = 0; i < d[r].length; i++) f[r * d[0].length + i] = (float) d[r][i];
        return manager.create(f, new Shape(d.length, d[0].length));
    }

    private static double[] doubles(JsonNode n) {
        double[] d = new double[n.size()];
        for (int i = 0; i < d.length; i++) d[i] = n.get(i).asDouble();
        return d;
    }

    private static int[] ints(JsonNode n) {
        int[] d = new int[n.size()];
        for (int i = 0; i < d.length; i++) d[i] = n.get(i).asInt();
        return d;
    }

    private static double[][] matrix(JsonNode n) {
        double[][] d = new double[n.size()][];
        for (int i = 0; i < d.length; i++) d[i] = doubles(n.get(i));
        return d;
    }

    private static double sum(float[] f) {
        double s = 0;
        for (float v : f) s += v;
        return s;
    }

    private static void assertArray(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], TOL, "index " + i);
    }

    private static void assertMatrix(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, "row " + r);
            for (int i = 0; i < expected[r].length; i++)
                assertEquals(expected[r][i], actual[r][i], TOL, "row " + r + " index " + i);
        }
    }
}
