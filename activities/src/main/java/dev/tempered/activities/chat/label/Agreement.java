package dev.tempered.activities.chat.label;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Inter-labeler agreement over rankings: pairwise agreement (of two labelers who both strictly
 * order two responses of a task, how often the same way; InstructGPT reports 72.6 % among its
 * labelers), Kendall's tau-b between two labelers' rankings of a task (mean over task × pair),
 * Krippendorff's alpha (ordinal) with units = (task, response) and values = dense ranks, and gold
 * accuracy (gold response ranked first, alone). Per project and per labeler (a labeler's figures
 * are over the pairs they are part of). Skips and can't-judge labels (empty rankings) count for
 * nothing.
 */
public final class Agreement {
    /** Figures of one labeler; NaN where nothing was comparable. */
    public record LabelerStats(
            String labeler,
            int labels,
            long comparablePairs,
            double pairwiseAgreement,
            double meanKendallTau,
            int goldTasks,
            int goldCorrect,
            double goldAccuracy) {}

    /** Two responses of a task that labelers order both ways. */
    public record Disagreement(String task, int a, int b, List<String> preferA, List<String> preferB) {}

    /** The whole project's figures. */
    public record Report(
            int labels,
            long comparablePairs,
            double pairwiseAgreement,
            double meanKendallTau,
            double krippendorffAlphaOrdinal,
            int goldLabels,
            double goldAccuracy,
            List<LabelerStats> labelers,
            List<Disagreement> disagreements) {}

    private Agreement() {}

    public static Report of(List<RankedLabel> labels) {
        Map<String, List<RankedLabel>> byTask = new TreeMap<>();
        Map<String, Counts> perLabeler = new TreeMap<>();
        Counts all = new Counts();
        for (RankedLabel l : labels) {
            if (l.ranking().isEmpty()) continue;
            byTask.computeIfAbsent(l.task(), k -> new ArrayList<>()).add(l);
            Counts c = perLabeler.computeIfAbsent(l.labeler(), k -> new Counts());
            c.labels++;
            all.labels++;
            if (l.gold() != null) {
                c.goldTasks++;
                all.goldTasks++;
                if (l.goldFirst()) {
                    c.goldCorrect++;
                    all.goldCorrect++;
                }
            }
        }
        List<Disagreement> disagreements = new ArrayList<>();
        for (Map.Entry<String, List<RankedLabel>> e : byTask.entrySet()) {
            List<RankedLabel> ls = e.getValue();
            for (int x = 0; x < ls.size(); x++) {
                for (int y = x + 1; y < ls.size(); y++) {
                    compare(ls.get(x), ls.get(y), all, perLabeler);
                }
            }
            disagreements.addAll(disagreements(e.getKey(), ls));
        }
        List<LabelerStats> stats = new ArrayList<>();
        for (Map.Entry<String, Counts> e : perLabeler.entrySet())
            stats.add(e.getValue().stats(e.getKey()));
        return new Report(
                all.labels,
                all.comparable,
                ratio(all.agreeing, all.comparable),
                ratio(all.tauSum, all.tauCount),
                alpha(byTask),
                all.goldTasks,
                ratio(all.goldCorrect, all.goldTasks),
                stats,
                disagreements);
    }

    private static void compare(RankedLabel p, RankedLabel q, Counts all, Map<String, Counts> perLabeler) {
        int[] a = p.ranks();
        int[] b = q.ranks();
        long concordant = 0, discordant = 0, tiesA = 0, tiesB = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                int da = Integer.signum(a[i] - a[j]);
                int db = Integer.signum(b[i] - b[j]);
                if (da == 0 && db == 0) continue;
                if (da == 0) tiesA++;
                else if (db == 0) tiesB++;
                else if (da == db) concordant++;
                else discordant++;
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiesA) * (concordant + discordant + tiesB));
        for (Counts c : List.of(all, perLabeler.get(p.labeler()), perLabeler.get(q.labeler()))) {
            c.comparable += concordant + discordant;
            c.agreeing += concordant;
            if (denominator > 0) {
                c.tauSum += (concordant - discordant) / denominator;
                c.tauCount++;
            }
        }
    }

    private static List<Disagreement> disagreements(String task, List<RankedLabel> ls) {
        List<Disagreement> out = new ArrayList<>();
        int k = ls.get(0).responses();
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                List<String> preferI = new ArrayList<>();
                List<String> preferJ = new ArrayList<>();
                for (RankedLabel l : ls) {
                    int[] r = l.ranks();
                    if (r[i] < r[j]) preferI.add(l.labeler());
                    else if (r[j] < r[i]) preferJ.add(l.labeler());
                }
                if (!preferI.isEmpty() && !preferJ.isEmpty()) out.add(new Disagreement(task, i, j, preferI, preferJ));
            }
        }
        return out;
    }

    /** Reliability data labelers × (task, response) of dense ranks, NaN where a labeler did not rank the task. */
    static double[][] reliabilityData(Map<String, List<RankedLabel>> byTask) {
        TreeSet<String> labelers = new TreeSet<>();
        int units = 0;
        for (List<RankedLabel> ls : byTask.values()) {
            for (RankedLabel l : ls) labelers.add(l.labeler());
            units += ls.get(0).responses();
        }
        Map<String, Integer> row = new LinkedHashMap<>();
        for (String l : labelers) row.put(l, row.size());
        double[][] data = new double[labelers.size()][units];
        for (double[] r : data) java.util.Arrays.fill(r, Double.NaN);
        int offset = 0;
        for (List<RankedLabel> ls : byTask.values()) {
            for (RankedLabel l : ls) {
                int[] ranks = l.ranks();
                for (int i = 0; i < ranks.length; i++) data[row.get(l.labeler())][offset + i] = ranks[i];
            }
            offset += ls.get(0).responses();
        }
        return data;
    }

    private static double alpha(Map<String, List<RankedLabel>> byTask) {
        if (byTask.isEmpty()) return Double.NaN;
        return KrippendorffAlpha.alpha(reliabilityData(byTask), KrippendorffAlpha.Level.ORDINAL);
    }

    private static double ratio(double num, double den) {
        return den == 0 ? Double.NaN : num / den;
    }

    private static final class Counts {
        int labels;
        long comparable;
        long agreeing;
        double tauSum;
        long tauCount;
        int goldTasks;
        int goldCorrect;

        LabelerStats stats(String labeler) {
            return new LabelerStats(
                    labeler,
                    labels,
                    comparable,
                    ratio(agreeing, comparable),
                    ratio(tauSum, tauCount),
                    goldTasks,
                    goldCorrect,
                    ratio(goldCorrect, goldTasks));
        }
    }
}
