package dev.tempered.activities.chat.ppo;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;

/**
 * A second reward for held-out replies, from a scorer other than the reward model PPO optimises:
 * when the reward model's score rises while this one falls, the policy is learning what the reward
 * model over-pays for rather than what it was trained to stand for (Gao et al., "Scaling Laws for
 * Reward Model Overoptimization": a proxy reward rising while the gold reward falls).
 */
@FunctionalInterface
public interface HeldoutReward {
    /**
     * @param item the held-out conversation, ending with its ideal reply
     * @param tokens the greedy reply's tokens (forced tool output included)
     * @param reply those tokens parsed
     */
    double reward(Conversation item, int[] tokens, AssistantReply reply);
}
