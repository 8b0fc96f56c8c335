package dev.tempered.activities.chat.eval;

import dev.tempered.activities.chat.tasks.ChatTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tasks whose checkers score held-out replies, by the {@code task} name their conversations
 * carry. A held-out conversation of a task not listed here is still generated and measured for
 * format and length, but has no accuracy.
 */
public final class ChatTasks {
    private final Map<String, ChatTask> byName = new LinkedHashMap<>();

    public ChatTasks(List<? extends ChatTask> tasks) {
        for (ChatTask t : tasks) {
            if (byName.put(t.name(), t) != null)
                throw new IllegalArgumentException("task '" + t.name() + "' is listed twice");
        }
    }

    /** The tasks {@code synthesize} writes. */
    public static ChatTasks standard() {
        return new ChatTasks(List.of());
    }

    public Optional<ChatTask> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
