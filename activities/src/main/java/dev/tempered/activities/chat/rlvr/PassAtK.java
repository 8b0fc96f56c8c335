package dev.tempered.activities.chat.rlvr;

import java.util.Map;

/** pass@1 (share of samples correct) and pass@k (share of prompts with at least one of k correct), nanochat's. */
public final class PassAtK {
    private PassAtK() {}

    /**
     * @param byTask task → {pass@1, pass@k}
     */
    public record Result(double passAt1, double passAtK, int k, Map<String, double[]> byTask) {}
}
