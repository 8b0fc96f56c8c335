package dev.tempered.activities.chat.reward;

import java.util.List;

/**
 * Id sequences of different lengths as one right-padded (rows, length) block, with each row's last
 * real position: what {@link RewardModel#scores} reads. Padding is id 0; causal attention keeps it
 * from reaching the real positions.
 */
public record PaddedSequences(int rows, int length, int[] ids, int[] last) {

    public static PaddedSequences of(List<int[]> sequences) {
        if (sequences.isEmpty()) throw new IllegalArgumentException("no sequences to pad");
        int length = 0;
        for (int[] s : sequences) {
            if (s.length == 0) throw new IllegalArgumentException("an empty sequence has no last token to score");
            length = Math.max(length, s.length);
        }
        int[] ids = new int[sequences.size() * length];
        int[] last = new int[sequences.size()];
        for (int r = 0; r < sequences.size(); r++) {
            int[] s = sequences.get(r);
            System.arraycopy(s, 0, ids, r * length, s.length);
            last[r] = s.length - 1;
        }
        return new PaddedSequences(sequences.size(), length, ids, last);
    }
}
