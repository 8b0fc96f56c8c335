package dev.tempered.activities.chat.reward;

import dev.tempered.activities.chat.ChatRenderer;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.prefs.PreferencePair;
import dev.tempered.activities.chat.tasks.HeldOutSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Preference pairs made into reward-model batch elements: each pair's chosen and rejected
 * conversations rendered (the prompt as the chat model sees it, then the reply and its end token),
 * the pairs of one {@code group} gathered into one {@link RankingGroup} with each distinct response
 * rendered once, and the groups split into train and held-out by a stable hash of the prompt id
 * (every ranking of a prompt lands on the same side, so held-out accuracy is on unseen prompts).
 *
 * <p>A conversation longer than the context keeps its last {@code context} tokens: the reply and
 * the scored end token survive, the start of the prompt does not (counted). A pair whose two
 * sequences are identical after that cut teaches nothing and is dropped (counted). Ties never
 * reach here: a {@link PreferencePair} always has distinct ranks.
 *
 * @param train rankings to train on
 * @param heldOut rankings on held-out prompts
 * @param counts what was cut and dropped
 */
public record PreferenceGroups(List<RankingGroup> train, List<RankingGroup> heldOut, Counts counts) {
    /** The salt of the held-out hash, so this split is independent of SFT's and evaluate's. */
    public static final String SPLIT_SALT = "reward-held-out:";

    /**
     * @param pairs pairs read
     * @param truncated sequences cut to the context at their start
     * @param identicalAfterCut pairs dropped because both sides were equal after the cut
     * @param trainPairs pairs in train rankings
     * @param heldOutPairs pairs in held-out rankings
     */
    public record Counts(long pairs, long truncated, long identicalAfterCut, long trainPairs, long heldOutPairs) {}

    /**
     * @param marginPerRank the loss margin per rank of difference (margin = this × (rejected rank −
     *     chosen rank)); 0 for TRL's default, no margin
     */
    public static PreferenceGroups prepare(
            List<PreferencePair> pairs,
            ChatRenderer renderer,
            int context,
            double heldOutFraction,
            double marginPerRank) {
        Map<String, Builder> byGroup = new LinkedHashMap<>();
        long[] truncated = {0};
        long identical = 0;
        for (PreferencePair p : pairs) {
            int[] chosen = render(renderer, p.chosen(), context, truncated);
            int[] rejected = render(renderer, p.rejected(), context, truncated);
            if (Arrays.equals(chosen, rejected)) {
                identical++;
                continue;
            }
            Builder b = byGroup.computeIfAbsent(p.group(), g -> new Builder(g, p.promptId()));
            float margin = (float) (marginPerRank * (p.rejectedRank() - p.chosenRank()));
            b.pairs.add(new RankingGroup.Pair(b.index(chosen), b.index(rejected), margin));
        }
        List<RankingGroup> train = new ArrayList<>();
        List<RankingGroup> heldOut = new ArrayList<>();
        long trainPairs = 0;
        long heldOutPairs = 0;
        for (Builder b : byGroup.values()) {
            RankingGroup g = new RankingGroup(b.group, b.promptId, b.sequences, b.pairs);
            if (HeldOutSplit.isHeldOut(SPLIT_SALT + b.promptId, heldOutFraction)) {
                heldOut.add(g);
                heldOutPairs += g.pairs().size();
            } else {
                train.add(g);
                trainPairs += g.pairs().size();
            }
        }
        return new PreferenceGroups(
                List.copyOf(train),
                List.copyOf(heldOut),
                new Counts(pairs.size(), truncated[0], identical, trainPairs, heldOutPairs));
    }

    /**
     * A conversation ending with an assistant reply as the ids a reward model scores: the prompt,
     * {@code <|assistant_start|>}, the reply, {@code <|assistant_end|>}; its last {@code context}
     * ids when longer.
     */
    public static int[] render(ChatRenderer renderer, Conversation c, int context, long[] truncated) {
        int[] prompt = renderer.renderPrompt(c.withoutLast());
        int[] reply = renderer.renderReply(c.last().parts());
        int[] ids = new int[prompt.length + reply.length];
        System.arraycopy(prompt, 0, ids, 0, prompt.length);
        System.arraycopy(reply, 0, ids, prompt.length, reply.length);
        if (ids.length <= context) return ids;
        if (truncated != null) truncated[0]++;
        return Arrays.copyOfRange(ids, ids.length - context, ids.length);
    }

    private static final class Builder {
        final String group;
        final String promptId;
        final List<int[]> sequences = new ArrayList<>();
        final List<RankingGroup.Pair> pairs = new ArrayList<>();

        Builder(String group, String promptId) {
            this.group = group;
            this.promptId = promptId;
        }

        int index(int[] ids) {
            for (int i = 0; i < sequences.size(); i++) if (Arrays.equals(sequences.get(i), ids)) return i;
            sequences.add(ids);
            return sequences.size() - 1;
        }
    }
}
