package dev.tempered.activities.chat.reward;

import java.util.List;

/**
 * One ranking as a reward-model batch element: the distinct rendered conversations (prompt and
 * reply, each ending at the reply's {@code <|assistant_end|>}) and its pairs as indices into them.
 * A ranking of K responses has K sequences and up to C(K,2) pairs, all kept together (InstructGPT).
 *
 * @param group the pairs' shared {@code group}
 * @param promptId the prompt the held-out split is made by
 */
public record RankingGroup(String group, String promptId, List<int[]> sequences, List<Pair> pairs) {
    /**
     * @param chosen index of the preferred sequence
     * @param rejected index of the other one
     * @param margin subtracted from the score difference in the loss (0 for none)
     */
    public record Pair(int chosen, int rejected, float margin) {}

    public RankingGroup {
        sequences = List.copyOf(sequences);
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) throw new IllegalArgumentException("ranking " + group + " has no pair");
    }
}
