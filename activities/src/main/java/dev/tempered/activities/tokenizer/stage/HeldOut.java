package dev.tempered.activities.tokenizer.stage;

import dev.tempered.storage.Digests;
import java.nio.charset.StandardCharsets;

/**
 * Which documents are held out of tokenizer training to measure compression: decided by the
 * document id's hash, so the split is the same on every run and independent of shard order.
 */
final class HeldOut {
    private HeldOut() {}

    static boolean isHeldOut(String documentId, int percent) {
        String h = Digests.sha256Hex(documentId.getBytes(StandardCharsets.UTF_8));
        return Integer.parseInt(h.substring(0, 4), 16) % 100 < percent;
    }
}
