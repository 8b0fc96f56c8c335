package dev.tempered.activities.chat.label;

import java.util.List;

/**
 * One labeler's ranking of one task, for agreement statistics.
 *
 * @param ranking tie groups best first over positions 0..responses-1; empty for a skip
 * @param gold the task's known best response, or null
 */
public record RankedLabel(String task, String labeler, int responses, List<List<Integer>> ranking, Integer gold) {
    public RankedLabel {
        ranking = List.copyOf(ranking);
    }

    /** Dense rank (1 = best, ties share) of each response; empty when nothing is ranked. */
    public int[] ranks() {
        if (ranking.isEmpty()) return new int[0];
        int[] r = new int[responses];
        for (int g = 0; g < ranking.size(); g++) for (int p : ranking.get(g)) r[p] = g + 1;
        return r;
    }

    /** Whether the gold response is ranked first and alone. */
    public boolean goldFirst() {
        return gold != null && !ranking.isEmpty() && ranking.get(0).equals(List.of(gold));
    }
}
