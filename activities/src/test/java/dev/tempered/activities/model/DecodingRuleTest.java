package dev.tempered.activities.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared decoding rule on logits whose probabilities are known by hand: which token each
 * uniform picks, what temperature, top-k and top-p keep, that a row's choice does not depend on its
 * batch, and that many draws follow the distribution.
 */
class DecodingRuleTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** The same row of logits {@code rows} times: (rows, V). */
    private static NDArray repeated(float[] row, int rows) {
        float[] all = new float[row.length * rows];
        for (int r = 0; r < rows; r++) System.arraycopy(row, 0, all, r * row.length, row.length);
        return manager.create(all, new Shape(rows, row.length));
    }

    private static float[] logOf(double... p) {
        float[] l = new float[p.length];
        for (int i = 0; i < p.length; i++) l[i] = (float) Math.log(p[i]);
        return l;
    }

    @Test
    void withoutCutsEachUniformPicksTheTokenWhoseCumulativeProbabilityPassesIt() {
        // p = 0.1, 0.2, 0.3, 0.4: cumulative 0.1, 0.3, 0.6, 1.0 in id order.
        double[] u = {0.0, 0.09, 0.11, 0.29, 0.31, 0.59, 0.61, Math.nextDown(1.0)};
        long[] ids = DecodingRule.choose(repeated(logOf(0.1, 0.2, 0.3, 0.4), u.length), 1.0, 0, 1.0, u);
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3}, ids);
    }

    @Test
    void temperatureSharpensTheDistribution() {
        // At T 0.5 the probabilities are p² normalised: 1/30, 4/30, 9/30, 16/30 (cumulative 0.033, 0.167, 0.467, 1).
        float[] logits = logOf(0.1, 0.2, 0.3, 0.4);
        double[] u = {0.05, 0.4, 0.5};
        assertArrayEquals(new long[] {0, 2, 2}, DecodingRule.choose(repeated(logits, 3), 1.0, 0, 1.0, u));
        assertArrayEquals(new long[] {1, 2, 3}, DecodingRule.choose(repeated(logits, 3), 0.5, 0, 1.0, u));
    }

    @Test
    void topKKeepsTheKLargestLargestFirst() {
        float[] logits = {0f, 5f, 4f, 1f, 4.5f};
        double pFirst = 1 / (1 + Math.exp(-0.5)); // id 1 against id 4 once only they remain: 0.6225
        double[] u = {0, pFirst - 0.01, pFirst + 0.01, Math.nextDown(1.0)};
        assertArrayEquals(new long[] {1, 1, 4, 4}, DecodingRule.choose(repeated(logits, 4), 1.0, 2, 1.0, u));
    }

    @Test
    void topPKeepsTheShortestHeadReachingP() {
        float[] logits = {0f, 5f, 4f, 1f, 4.5f};
        double z = 0;
        for (float l : logits) z += Math.exp(l);
        double p1 = Math.exp(5) / z; // 0.5001: alone it reaches 0.5
        double p4 = Math.exp(4.5) / z; // 0.3033: with it the head holds 0.8034
        double[] u = {0.2, Math.nextDown(1.0)};
        assertArrayEquals(new long[] {1, 1}, DecodingRule.choose(repeated(logits, 2), 1.0, 0, 0.5, u));
        double split = p1 / (p1 + p4);
        double[] v = {split - 0.01, split + 0.01, Math.nextDown(1.0)};
        assertArrayEquals(new long[] {1, 4, 4}, DecodingRule.choose(repeated(logits, 3), 1.0, 0, 0.8, v));
        // top-k first, then top-p within the k: k 3 holds 1, 4, 2 and p 0.95 of that keeps all three.
        assertEquals(2, DecodingRule.choose(repeated(logits, 1), 1.0, 3, 0.95, new double[] {Math.nextDown(1.0)})[0]);
    }

    @Test
    void aTokenOfZeroWeightIsNeverDrawn() {
        float[] logits = {2f, 1f, -1e30f, Float.NEGATIVE_INFINITY};
        double[] u = {Math.nextDown(1.0), Math.nextDown(1.0)};
        assertArrayEquals(new long[] {1, 1}, DecodingRule.choose(repeated(logits, 2), 1.0, 0, 1.0, u));
        assertArrayEquals(new long[] {1, 1}, DecodingRule.choose(repeated(logits, 2), 1.0, 4, 1.0, u));
    }

    @Test
    void greedyIsTheFirstOfEqualMaximaAndNeedsNoUniform() {
        float[] logits = {1f, 3f, 3f, 0f};
        assertArrayEquals(new long[] {1}, DecodingRule.choose(repeated(logits, 1), 0, 0, 1.0, null));
        assertArrayEquals(new long[] {1}, DecodingRule.choose(repeated(logits, 1), 1.3, 1, 1.0, null));
    }

    @Test
    void aRowChoosesTheSameAloneAsInItsBatch() {
        int rows = 5;
        int vocab = 300;
        Random rng = new Random(7);
        float[] all = new float[rows * vocab];
        for (int i = 0; i < all.length; i++) all[i] = (float) (3 * rng.nextGaussian());
        double[] u = new double[rows];
        for (int r = 0; r < rows; r++) u[r] = rng.nextDouble();
        NDArray batch = manager.create(all, new Shape(rows, vocab));
        for (double[] cut : new double[][] {{0, 1.0}, {40, 0.9}, {0, 0.7}}) {
            long[] together = DecodingRule.choose(batch, 0.8, (int) cut[0], cut[1], u);
            for (int r = 0; r < rows; r++) {
                NDArray alone =
                        manager.create(Arrays.copyOfRange(all, r * vocab, (r + 1) * vocab), new Shape(1, vocab));
                long[] one = DecodingRule.choose(alone, 0.8, (int) cut[0], cut[1], new double[] {u[r]});
                assertEquals(together[r], one[0], "row " + r + " with top-k " + cut[0] + ", top-p " + cut[1]);
            }
        }
    }

    @Test
    void manyDrawsFollowTheSoftmaxAtTheTemperature() {
        float[] logits = {1.0f, -0.5f, 2.0f, 0.0f, 1.5f, -2.0f};
        double t = 0.7;
        double[] p = new double[logits.length];
        double z = 0;
        for (int i = 0; i < p.length; i++) z += p[i] = Math.exp(logits[i] / t);
        int draws = 20_000;
        Random rng = new Random(11);
        double[] u = new double[draws];
        for (int i = 0; i < draws; i++) u[i] = rng.nextDouble();
        int[] counts = new int[logits.length];
        for (long id : DecodingRule.choose(repeated(logits, draws), t, 0, 1.0, u)) counts[(int) id]++;
        for (int i = 0; i < p.length; i++) {
            double expected = p[i] / z;
            double sd = Math.sqrt(expected * (1 - expected) / draws);
            double seen = counts[i] / (double) draws;
            assertTrue(Math.abs(seen - expected) < 4 * sd, "token " + i + ": drawn " + seen + ", p " + expected);
        }
    }

    @Test
    void badShapesAndMissingUniformsAreNamed() {
        NDArray twoRows = repeated(new float[] {0f, 1f}, 2);
        IllegalArgumentException few = assertThrows(
                IllegalArgumentException.class, () -> DecodingRule.choose(twoRows, 1.0, 0, 1.0, new double[1]));
        assertEquals("sampling 2 rows needs 2 uniforms, got 1", few.getMessage());
        IllegalArgumentException flat = assertThrows(
                IllegalArgumentException.class,
                () -> DecodingRule.choose(manager.create(new float[] {0f, 1f}), 1.0, 0, 1.0, new double[1]));
        assertTrue(flat.getMessage().startsWith("logits must be (B, V)"), flat.getMessage());
    }
}
