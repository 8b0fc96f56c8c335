package dev.tempered.activities.chat.label;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.Message;
import dev.tempered.activities.chat.Role;
import dev.tempered.storage.Digests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which conversations become labeling prompts, and how a prompt reads on the labeler's page. The
 * choice is a seeded shuffle by id (the same seed and conversations give the same prompts, whatever
 * their order in the file); a prompt is a conversation without its last reply.
 */
public final class LabelPrompts {
    private LabelPrompts() {}

    /** The first {@code n} of {@code all} by sha256(seed, id). */
    public static List<Conversation> choose(List<Conversation> all, int n, long seed) {
        List<Conversation> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(
                        (Conversation c) -> Digests.sha256Hex((seed + "/" + c.id()).getBytes(StandardCharsets.UTF_8)))
                .thenComparing(Conversation::id));
        return List.copyOf(sorted.subList(0, Math.min(n, sorted.size())));
    }

    /** The prompt as a labeler reads it: one turn as its text, several as "User:"/"Assistant:" lines. */
    public static String display(Conversation prompt) {
        List<Message> ms = prompt.messages();
        if (ms.size() == 1) return ms.get(0).text();
        StringBuilder out = new StringBuilder();
        for (Message m : ms) {
            if (out.length() > 0) out.append("\n\n");
            out.append(m.role() == Role.USER ? "User: " : m.role() == Role.ASSISTANT ? "Assistant: " : "System: ")
                    .append(m.text());
        }
        return out.toString();
    }
}
