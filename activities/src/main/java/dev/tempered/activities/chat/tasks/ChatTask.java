package dev.tempered.activities.chat.tasks;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import java.util.Optional;

/**
 * A source of conversations for {@code synthesize}, with the checker {@code evaluate} scores replies
 * by. Items are a pure function of (seed, index) so a run is reproducible; which split an item
 * belongs to is decided by {@link HeldOutSplit} from the item's question, never by its position.
 */
public interface ChatTask {
    /** The task's name, also the {@code task} field of its conversations ({@code arithmetic}). */
    String name();

    /** Generator version: part of the synthesize cache key; bump when items change for any seed. */
    int version();

    /** The {@code index}-th item of the stream for {@code seed}: a valid conversation ending with the ideal reply. */
    Conversation item(long seed, long index);

    /**
     * Whether {@code reply} answers {@code item} (one of this task's conversations) correctly, by
     * exact match after normalisation; empty when the task has no single right answer (dialog).
     */
    Optional<Boolean> check(Conversation item, AssistantReply reply);
}
