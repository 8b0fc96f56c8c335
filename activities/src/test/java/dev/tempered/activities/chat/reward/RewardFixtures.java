package dev.tempered.activities.chat.reward;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.prefs.PreferencePair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic preferences for reward-model tests: the longer reply is better. Each prompt gets K
 * replies of distinct word counts, ranked longest first, and yields its C(K,2) pairs as one ranking
 * group, as a labeler's ranking would.
 */
public final class RewardFixtures {
    private static final String[] WORDS = {
        "the", "model", "reads", "a", "page", "and", "writes", "some", "text", "about", "it", "then", "stops"
    };
    private static final String[] TOPICS = {"tables", "files", "indexes", "queries", "servers", "backups", "roles"};

    private RewardFixtures() {}

    public static List<PreferencePair> longerIsBetter(int prompts, int k, long seed) {
        Random rng = new Random(seed);
        List<PreferencePair> out = new ArrayList<>();
        for (int p = 0; p < prompts; p++) {
            String question = "Tell me about " + TOPICS[p % TOPICS.length] + " number " + p + ".";
            Conversation prompt = new Conversation(List.of(Message.user(question)), "test", "prefs", "prompt-" + p);
            List<Integer> lengths = new ArrayList<>();
            while (lengths.size() < k) {
                int n = 1 + rng.nextInt(14);
                if (!lengths.contains(n)) lengths.add(n);
            }
            lengths.sort((a, b) -> b - a);
            List<Conversation> replies = new ArrayList<>();
            for (int n : lengths) {
                StringBuilder s = new StringBuilder();
                for (int w = 0; w < n; w++) s.append(w == 0 ? "" : " ").append(WORDS[rng.nextInt(WORDS.length)]);
                replies.add(prompt.with(Message.assistant(s.toString())));
            }
            for (int i = 0; i < k; i++) {
                for (int j = i + 1; j < k; j++) {
                    out.add(new PreferencePair(
                            "task-" + p + "/sim",
                            "task-" + p,
                            "prompt-" + p,
                            null,
                            "r" + i,
                            "r" + j,
                            i + 1,
                            j + 1,
                            1.0,
                            replies.get(i),
                            replies.get(j)));
                }
            }
        }
        return out;
    }
}
