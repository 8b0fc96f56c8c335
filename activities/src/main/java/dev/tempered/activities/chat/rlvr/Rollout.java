package dev.tempered.activities.chat.rlvr;

import dev.tempered.activities.chat.engine.Generation;

/**
 * One sampled reply to a prompt and its reward: what a policy-gradient step trains on.
 *
 * @param prompt the rendered prompt (ending with {@code <|assistant_start|>})
 * @param generation the engine's tokens and which of them were forced by the tool
 * @param reward the verifier's reward
 */
public record Rollout(int[] prompt, Generation generation, double reward) {
    /** Tokens the loss covers: sampled ones, not the tool's forced output. */
    public int trainedTokens() {
        int n = 0;
        for (byte f : generation.forced()) if (f == 0) n++;
        return n;
    }
}
