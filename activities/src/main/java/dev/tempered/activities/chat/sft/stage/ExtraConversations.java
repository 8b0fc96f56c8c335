package dev.tempered.activities.chat.sft.stage;

import dev.tempered.activities.chat.Conversation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges {@code sft}'s {@code extra_conversations} into its {@code conversations}: an extra one with
 * the id of a base one takes its place (probe mines a question under the question's own id, so a
 * confident answer the model could not back becomes "I don't know" instead of contradicting it),
 * the others are added at the end. Conversations without an id are never replaced.
 */
final class ExtraConversations {
    /** The merged set, how many extra conversations there were and how many of them replaced a base one. */
    record Merged(List<Conversation> conversations, int extra, int replaced) {}

    private ExtraConversations() {}

    static Merged merge(List<Conversation> base, List<Conversation> extra) {
        Map<String, Conversation> byId = new LinkedHashMap<>();
        List<Conversation> added = new ArrayList<>();
        for (Conversation c : extra) {
            if (c.id() == null || byId.putIfAbsent(c.id(), c) != null) added.add(c);
        }
        List<Conversation> out = new ArrayList<>(base.size() + extra.size());
        int replaced = 0;
        for (Conversation c : base) {
            Conversation instead = c.id() == null ? null : byId.remove(c.id());
            if (instead != null) replaced++;
            out.add(instead != null ? instead : c);
        }
        out.addAll(byId.values());
        out.addAll(added);
        return new Merged(out, extra.size(), replaced);
    }
}
