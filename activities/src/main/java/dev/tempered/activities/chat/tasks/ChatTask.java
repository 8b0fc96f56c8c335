package dev.tempered.activities.chat.tasks;

import dev.tempered.activities.chat.ChatRenderer.AssistantReply;
import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Role;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /**
     * What {@link HeldOutSplit} hashes to place {@code item} in a split: by default the text of its
     * user turns, so the same question always lands in the same split. A task whose questions are
     * rephrasings of one problem returns the problem instead (the spelling task returns the word),
     * so that no rephrasing of a held-out problem is trained on.
     */
    default String splitKey(Conversation item) {
        return item.messages().stream()
                .filter(m -> m.role() == Role.USER)
                .map(Message::text)
                .collect(Collectors.joining("\n"));
    }
}
