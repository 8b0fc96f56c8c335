package dev.tempered.activities.chat.rlvr;

import java.util.List;

/**
 * Rollouts as one right-padded next-token batch for the policy-gradient loss: inputs are prompt and
 * reply without the last token, targets the same shifted by one, and the mask is 1 only on targets
 * that are sampled reply tokens (prompt, forced tool output and padding are 0), so the loss and its
 * normalisation count exactly the tokens the policy chose (nanochat's RL mask).
 *
 * @param rows rollouts
 * @param length positions per row
 * @param inputs (rows, length) ids
 * @param targets (rows, length) ids
 * @param mask (rows, length) 0/1
 * @param trained Σ mask
 */
public record PolicyBatch(int rows, int length, int[] inputs, int[] targets, float[] mask, long trained) {

    public static PolicyBatch of(List<Rollout> rollouts) {
        int length = 0;
        for (Rollout r : rollouts)
            length = Math.max(length, r.prompt().length + r.generation().tokens().length - 1);
        int n = rollouts.size();
        int[] inputs = new int[n * length];
        int[] targets = new int[n * length];
        float[] mask = new float[n * length];
        long trained = 0;
        for (int row = 0; row < n; row++) {
            Rollout r = rollouts.get(row);
            int[] p = r.prompt();
            int[] g = r.generation().tokens();
            byte[] forced = r.generation().forced();
            int total = p.length + g.length;
            for (int i = 0; i < total - 1; i++) {
                int at = row * length + i;
                inputs[at] = i < p.length ? p[i] : g[i - p.length];
                int t = i + 1;
                targets[at] = t < p.length ? p[t] : g[t - p.length];
                if (t >= p.length && forced[t - p.length] == 0) {
                    mask[at] = 1;
                    trained++;
                }
            }
        }
        return new PolicyBatch(n, length, inputs, targets, mask, trained);
    }
}
