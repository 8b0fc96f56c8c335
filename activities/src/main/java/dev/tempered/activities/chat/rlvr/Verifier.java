package dev.tempered.activities.chat.rlvr;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;

/**
 * The reward of one sampled reply to one prompt item: a pure function, no model involved
 * (RL on verifiable rewards). {@link TaskVerifier} is the stage's (the tasks' exact checkers); tests
 * give constructed ones.
 */
@FunctionalInterface
public interface Verifier {
    /**
     * @param item the prompt item, ending with its ideal reply
     * @param tokens the sampled reply's tokens (forced tool output included)
     * @param reply those tokens parsed
     */
    double reward(Conversation item, int[] tokens, AssistantReply reply);

    /** Whether this reward counts as a correct answer (for pass@k); rewards ≥ 1 by default. */
    default boolean correct(double reward) {
        return reward >= 1;
    }
}
