package dev.tempered.activities.chat.label;

import dev.tempered.activities.chat.tasks.FinalAnswer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * How a simulated labeler ranks, written down as the guidelines say: a correct answer (the task's
 * checker: the {@code ####} answer equals the reference's) above any wrong one, then the format
 * ({@code ####} present), then shorter above longer. Equal scores tie. Noise: after ranking, each
 * adjacent pair of groups is swapped with probability {@code noise}, the kind of slip that lowers
 * agreement the way real labelers' do.
 */
public final class Rubric {
    private final double noise;

    public Rubric(double noise) {
        if (!(noise >= 0 && noise <= 1)) throw new IllegalArgumentException("noise must be in [0, 1], got " + noise);
        this.noise = noise;
    }

    /**
     * A response's score; higher is better. Public because PPO's hacking guard uses it as a second
     * held-out reward: the judge the reward model was trained to imitate.
     */
    public static double score(String response, String reference) {
        Optional<String> expected = reference == null ? Optional.empty() : FinalAnswer.of(reference);
        Optional<String> answer = FinalAnswer.of(response);
        double s = 0;
        if (expected.isPresent() && answer.isPresent() && answer.get().equals(expected.get())) s += 4;
        if (answer.isPresent()) s += 1;
        // Length only breaks ties between otherwise equal responses: at most 0.99.
        s -= Math.min(0.99, response.length() / 1000.0);
        return s;
    }

    /** Tie groups, best first, over positions 0..responses-1. */
    public List<List<Integer>> rank(List<String> responses, String reference, Random random) {
        List<Integer> order = new ArrayList<>();
        double[] scores = new double[responses.size()];
        for (int i = 0; i < responses.size(); i++) {
            order.add(i);
            scores[i] = score(responses.get(i), reference);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i));
        List<List<Integer>> groups = new ArrayList<>();
        for (int i : order) {
            if (!groups.isEmpty() && scores[groups.get(groups.size() - 1).get(0)] == scores[i]) {
                groups.get(groups.size() - 1).add(i);
            } else {
                groups.add(new ArrayList<>(List.of(i)));
            }
        }
        for (int g = 0; g + 1 < groups.size(); g++) {
            if (random.nextDouble() < noise) {
                List<Integer> a = groups.get(g);
                groups.set(g, groups.get(g + 1));
                groups.set(g + 1, a);
            }
        }
        return groups.stream().map(List::copyOf).toList();
    }

    /** Whether the best-scored response is correct: when none is, the labeler writes an ideal answer. */
    public static boolean anyCorrect(List<String> responses, String reference) {
        return responses.stream().anyMatch(r -> score(r, reference) >= 4);
    }
}
