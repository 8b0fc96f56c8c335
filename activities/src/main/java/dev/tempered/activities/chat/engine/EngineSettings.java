package dev.tempered.activities.chat.engine;

/**
 * How the engine samples and how far a reply may go.
 *
 * @param maxTokens new tokens per row at most, forced tool outputs included
 * @param temperature 0 is greedy (argmax); otherwise logits are divided by it
 * @param topK keep the k most likely tokens; 0 keeps all
 * @param topP nucleus: keep the most likely tokens up to this probability; 1 keeps all
 * @param toolsEnabled when false a tool call gets {@code error: tools are disabled} as its output
 *     (evaluate's "without the tool" column) instead of being run
 * @param maxToolCalls tool calls per row; a call beyond it gets an error output and generation goes on
 */
public record EngineSettings(
        int maxTokens, double temperature, int topK, double topP, boolean toolsEnabled, int maxToolCalls) {
    /** Greedy, tools on, at most 4 calls: evaluate's default. */
    public static EngineSettings greedy(int maxTokens) {
        return new EngineSettings(maxTokens, 0, 0, 1, true, 4);
    }

    public EngineSettings {
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be ≥ 1, got " + maxTokens);
        if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be ≥ 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("topK must be ≥ 0, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        if (maxToolCalls < 0) throw new IllegalArgumentException("maxToolCalls must be ≥ 0, got " + maxToolCalls);
    }
}
