package dev.tempered.activities.chat.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.tempered.activities.chat.rl.ParamUpdate;
import dev.tempered.activities.chat.rl.SeededCursor;
import dev.tempered.activities.model.AdamW;
import dev.tempered.activities.model.ModelOrigin;
import dev.tempered.activities.training.StepResult;
import dev.tempered.activities.training.TrainingTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Reward-model training as a {@link TrainingTask}: each step scores every sequence of
 * {@code rankingsPerStep} rankings in one padded batch and applies one update on the
 * {@link BradleyTerry} loss (mean over rankings of the mean over their pairs). A step reports
 * {@value #ACCURACY} (share of pairs whose chosen response scores higher) and {@value #MARGIN}
 * (mean chosen − rejected score), TRL's logged quantities; evaluation reports the same and the loss
 * on the held-out rankings ({@value #VAL_ACCURACY}, {@value #VAL_MARGIN}, {@value #VAL_LOSS}).
 *
 * <p>Not here: reading pairs and models from storage, the score offset (set after training from
 * the demonstrations), cadence (the loop's).
 */
public final class RewardTrainingTask implements TrainingTask, AutoCloseable {
    public static final String ACCURACY = "accuracy";
    public static final String MARGIN = "margin";
    public static final String VAL_ACCURACY = "val_accuracy";
    public static final String VAL_MARGIN = "val_margin";
    public static final String VAL_LOSS = "val_loss";

    /**
     * @param rankingsPerStep rankings (batch elements) per update
     * @param maxGradNorm global-norm clip, 0 for none
     * @param centring TRL's center_rewards_coefficient, 0 for none
     * @param seed ranking order and head initialisation
     */
    public record Settings(int rankingsPerStep, double maxGradNorm, double centring, long seed) {
        public Settings {
            if (rankingsPerStep < 1) throw new IllegalArgumentException("rankings_per_step must be ≥ 1");
        }
    }

    private final RewardModel model;
    private final AdamW optimizer;
    private final LongToDoubleFunction schedule;
    private final Settings settings;
    private final SeededCursor<RankingGroup> batches;
    private final List<RankingGroup> heldOut;
    private final ModelOrigin origin;
    private final NDManager manager;
    private long step;

    public RewardTrainingTask(
            RewardModel model,
            AdamW optimizer,
            long step,
            LongToDoubleFunction schedule,
            Settings settings,
            SeededCursor<RankingGroup> batches,
            List<RankingGroup> heldOut,
            ModelOrigin origin) {
        this.model = model;
        this.optimizer = optimizer;
        this.step = step;
        this.schedule = schedule;
        this.settings = settings;
        this.batches = batches;
        this.heldOut = List.copyOf(heldOut);
        this.origin = origin;
        this.manager = NDManager.newBaseManager(model.trunk().device());
    }

    public RewardModel model() {
        return model;
    }

    @Override
    public long stepsDone() {
        return step;
    }

    @Override
    public StepResult step() {
        List<RankingGroup> groups = batches.next(settings.rankingsPerStep());
        double lr = schedule.applyAsDouble(step);
        double[] stats = new double[2];
        long tokens = 0;
        for (RankingGroup g : groups) for (int[] s : g.sequences()) tokens += s.length;
        ParamUpdate.Result r;
        try (NDScope scope = new NDScope()) {
            r = ParamUpdate.apply(model.parameters(), optimizer, lr, settings.maxGradNorm(), manager, 1, i -> {
                Scored s = score(groups, true);
                stats[0] = s.accuracy;
                stats[1] = s.margin;
                return s.loss;
            });
        }
        step++;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(ACCURACY, stats[0]);
        metrics.put(MARGIN, stats[1]);
        return new StepResult(r.loss(), lr, r.gradNorm(), tokens, metrics);
    }

    @Override
    public Map<String, Double> evaluate() {
        if (heldOut.isEmpty()) return Map.of();
        Evaluation e = evaluate(heldOut, settings.rankingsPerStep());
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(VAL_LOSS, e.loss());
        out.put(VAL_ACCURACY, e.accuracy());
        out.put(VAL_MARGIN, e.margin());
        return out;
    }

    /** Pairwise accuracy, mean margin and loss over {@code groups} without gradients, each pair weighing the same. */
    public record Evaluation(double loss, double accuracy, double margin, long pairs) {}

    public Evaluation evaluate(List<RankingGroup> groups, int perBatch) {
        double loss = 0;
        double correct = 0;
        double margin = 0;
        long pairs = 0;
        for (int start = 0; start < groups.size(); start += perBatch) {
            List<RankingGroup> part = groups.subList(start, Math.min(groups.size(), start + perBatch));
            try (NDScope scope = new NDScope()) {
                Scored s = score(part, false);
                long n = s.pairs;
                // Per-pair means weighted back to sums, so the result is the mean over all pairs.
                loss += s.plainLoss * n;
                correct += s.accuracy * n;
                margin += s.margin * n;
                pairs += n;
            }
        }
        return new Evaluation(loss / pairs, correct / pairs, margin / pairs, pairs);
    }

    private record Scored(NDArray loss, double plainLoss, double accuracy, double margin, long pairs) {}

    private Scored score(List<RankingGroup> groups, boolean training) {
        List<int[]> sequences = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        List<Integer> rejected = new ArrayList<>();
        List<Float> margins = new ArrayList<>();
        List<Integer> groupOf = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            RankingGroup rg = groups.get(g);
            int base = sequences.size();
            sequences.addAll(rg.sequences());
            for (RankingGroup.Pair p : rg.pairs()) {
                chosen.add(base + p.chosen());
                rejected.add(base + p.rejected());
                margins.add(p.margin());
                groupOf.add(g);
            }
        }
        PaddedSequences padded = PaddedSequences.of(sequences);
        NDArray all = model.scores(
                manager.create(padded.ids(), new Shape(padded.rows(), padded.length())),
                padded.last(),
                training); // (S,)
        NDArray c = all.get(manager.create(toLongs(chosen))); // (P,)
        NDArray r = all.get(manager.create(toLongs(rejected))); // (P,)
        float[] m = new float[margins.size()];
        boolean anyMargin = false;
        for (int i = 0; i < m.length; i++) {
            m[i] = margins.get(i);
            anyMargin |= m[i] != 0;
        }
        NDArray margin = anyMargin ? manager.create(m) : null;
        int[] group = groupOf.stream().mapToInt(Integer::intValue).toArray();
        NDArray weights = manager.create(BradleyTerry.groupWeights(group));
        NDArray loss = BradleyTerry.loss(c, r, margin, weights, training ? settings.centring() : 0);
        float[] cs = c.toFloatArray();
        float[] rs = r.toFloatArray();
        double acc = 0;
        double diff = 0;
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] > rs[i]) acc++;
            diff += cs[i] - rs[i];
        }
        double plain = training
                ? Double.NaN
                : BradleyTerry.pairLosses(c, r, margin).mean().getFloat();
        return new Scored(loss, plain, acc / cs.length, diff / cs.length, cs.length);
    }

    private static long[] toLongs(List<Integer> xs) {
        long[] out = new long[xs.size()];
        for (int i = 0; i < out.length; i++) out[i] = xs.get(i);
        return out;
    }

    @Override
    public RewardCheckpoint snapshot() {
        return RewardCheckpoint.of(model, optimizer, step, settings.seed(), batches.position(), origin, 0);
    }

    @Override
    public void close() {
        manager.close();
        optimizer.close();
        model.close();
    }
}
