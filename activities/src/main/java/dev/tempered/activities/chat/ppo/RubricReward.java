package dev.tempered.activities.chat.ppo;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.label.ResponseText;
import dev.tempered.activities.chat.label.Rubric;

/**
 * The stage's second held-out reward: the labelers' written rubric (a correct {@code ####} answer
 * +4, the format +1, minus up to 0.99 for length) applied without noise to the reply as a labeler
 * reads it, against the held-out item's ideal reply. The reward model learned to imitate this
 * judge from a few noisy rankings; the rubric itself is what it stands for, so it is the "gold"
 * reward beside the reward model's proxy. Unlike the verifier it sees format and length too, and
 * it scores every held-out item, not only the checkable tasks.
 */
public final class RubricReward implements HeldoutReward {
    /** The name the summary and metrics give this reward. */
    public static final String NAME = "rubric";

    @Override
    public double reward(Conversation item, int[] tokens, AssistantReply reply) {
        return Rubric.score(ResponseText.of(reply.parts()), item.last().text());
    }
}
