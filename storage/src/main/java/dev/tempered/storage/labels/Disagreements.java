package dev.tempered.storage.labels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The reviewer's live view of a project: every pair of responses of a task that two labelers
 * ordered oppositely (with who preferred which and the current resolution, if any), and per
 * labeler the pairwise agreement and gold accuracy. The definitions are the labeling report's
 * ({@code activities/.../label/Agreement}): two labels of a task are comparable on a pair when both
 * order it strictly, a labeler's agreement is over the comparable pairs they are part of, and a
 * gold task is judged correct when its gold response is ranked first and alone. Skips and
 * can't-judge labels (empty rankings) count for nothing. No alpha or tau here: the report has them.
 */
public final class Disagreements {
    /** Two responses of a task that labelers ordered both ways. */
    public record Pair(
            UUID taskId,
            int taskPosition,
            String prompt,
            int a,
            int b,
            String textA,
            String textB,
            List<String> preferA,
            List<String> preferB,
            Resolution resolution) {}

    /** One labeler's figures; NaN where nothing was comparable or no gold task was labeled. */
    public record LabelerFigures(
            String labeler,
            int labels,
            long comparablePairs,
            long agreeingPairs,
            double agreement,
            int goldTasks,
            int goldCorrect,
            double goldAccuracy) {}

    public record View(List<Pair> pairs, List<LabelerFigures> labelers) {}

    private Disagreements() {}

    public static View of(List<LabelTask> tasks, List<StoredLabel> labels, List<Resolution> resolutions) {
        Map<UUID, List<StoredLabel>> byTask = new LinkedHashMap<>();
        for (StoredLabel l : labels) {
            if (!l.ranking().isEmpty())
                byTask.computeIfAbsent(l.taskId(), k -> new ArrayList<>()).add(l);
        }
        Map<String, long[]> counts = new TreeMap<>(); // labeler → labels, comparable, agreeing, gold, goldCorrect
        List<Pair> pairs = new ArrayList<>();
        for (LabelTask t : tasks) {
            List<StoredLabel> ls = byTask.getOrDefault(t.id(), List.of());
            List<int[]> ranks = new ArrayList<>();
            for (StoredLabel l : ls) {
                long[] c = counts.computeIfAbsent(l.labeler(), k -> new long[5]);
                c[0]++;
                if (t.goldResponse() != null) {
                    c[3]++;
                    if (l.ranking().get(0).equals(List.of(t.goldResponse()))) c[4]++;
                }
                ranks.add(ranks(l.ranking(), t.responses().size()));
            }
            int k = t.responses().size();
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    List<String> preferA = new ArrayList<>(), preferB = new ArrayList<>();
                    for (int i = 0; i < ls.size(); i++) {
                        int[] r = ranks.get(i);
                        if (r[a] < r[b]) preferA.add(ls.get(i).labeler());
                        if (r[b] < r[a]) preferB.add(ls.get(i).labeler());
                    }
                    for (int i = 0; i < ls.size(); i++) {
                        int[] r = ranks.get(i);
                        if (r[a] == r[b]) continue;
                        boolean likesA = r[a] < r[b];
                        long[] c = counts.get(ls.get(i).labeler());
                        long others = (likesA ? preferA.size() : preferB.size())
                                - 1
                                + (likesA ? preferB.size() : preferA.size());
                        c[1] += others;
                        c[2] += (likesA ? preferA.size() : preferB.size()) - 1;
                    }
                    if (!preferA.isEmpty() && !preferB.isEmpty()) {
                        final int x = a, y = b;
                        Resolution res = resolutions.stream()
                                .filter(r -> r.covers(t.id(), x, y))
                                .findFirst()
                                .orElse(null);
                        pairs.add(new Pair(
                                t.id(),
                                t.position(),
                                t.prompt(),
                                a,
                                b,
                                t.responses().get(a),
                                t.responses().get(b),
                                List.copyOf(preferA),
                                List.copyOf(preferB),
                                res));
                    }
                }
            }
        }
        List<LabelerFigures> figures = new ArrayList<>();
        counts.forEach((name, c) -> figures.add(new LabelerFigures(
                name,
                (int) c[0],
                c[1],
                c[2],
                c[1] == 0 ? Double.NaN : (double) c[2] / c[1],
                (int) c[3],
                (int) c[4],
                c[3] == 0 ? Double.NaN : (double) c[4] / c[3])));
        return new View(List.copyOf(pairs), List.copyOf(figures));
    }

    /** Dense rank (1 = best, ties share) of each response position. */
    private static int[] ranks(List<List<Integer>> ranking, int responses) {
        int[] r = new int[responses];
        for (int g = 0; g < ranking.size(); g++) for (int p : ranking.get(g)) r[p] = g + 1;
        return r;
    }
}
