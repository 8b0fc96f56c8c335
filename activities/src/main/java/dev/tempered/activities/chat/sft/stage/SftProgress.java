package dev.tempered.activities.chat.sft.stage;

import java.util.List;

/**
 * Heartbeat of {@code sft}: the last checkpoint published (null before the first) and its step,
 * plus every checkpoint so far in step order, so a resumed attempt still reports them all.
 */
public record SftProgress(long step, String checkpoint, List<String> checkpoints) {
    public SftProgress {
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }
}
