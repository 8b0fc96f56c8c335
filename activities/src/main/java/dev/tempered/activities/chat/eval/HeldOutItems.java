package dev.tempered.activities.chat.eval;

import dev.tempered.activities.chat.Conversation;
import dev.tempered.activities.chat.ConversationFile;
import dev.tempered.activities.chat.ConversationValidator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The held-out conversations of {@code synthesize}, grouped by their {@code task} and sorted by
 * {@code id} within each, so that "the first n items" and "the first examples" are the same items
 * on every run, whatever order the file holds them in.
 *
 * @param byTask task name → its items by id (at most {@code maxPerTask}); tasks in name order
 * @param read what reading the file found, invalid lines by reason included
 * @param leftOut valid items beyond {@code maxPerTask}, not evaluated
 */
public record HeldOutItems(Map<String, List<Conversation>> byTask, ConversationFile.ReadReport read, long leftOut) {
    /** The task name given to conversations without one. */
    public static final String NO_TASK = "(none)";

    private static final Comparator<Conversation> BY_ID = Comparator.comparing(c -> c.id() == null ? "" : c.id());

    public HeldOutItems {
        byTask = java.util.Collections.unmodifiableMap(new TreeMap<>(byTask));
    }

    /**
     * Reads a {@code conversations} artifact (gzip JSONL), keeping the first {@code maxPerTask} of
     * each task by id.
     *
     * @param source names the artifact in the read report's messages
     */
    public static HeldOutItems read(InputStream in, String source, int maxPerTask) throws IOException {
        if (maxPerTask < 1) throw new IllegalArgumentException("maxPerTask must be ≥ 1, got " + maxPerTask);
        Map<String, List<Conversation>> all = new TreeMap<>();
        ConversationFile.ReadReport report = ConversationFile.read(
                in,
                source,
                ConversationValidator.defaults(),
                c -> all.computeIfAbsent(
                                c.task() == null || c.task().isBlank() ? NO_TASK : c.task(), t -> new ArrayList<>())
                        .add(c));
        Map<String, List<Conversation>> kept = new TreeMap<>();
        long leftOut = 0;
        for (Map.Entry<String, List<Conversation>> e : all.entrySet()) {
            List<Conversation> items = new ArrayList<>(e.getValue());
            items.sort(BY_ID);
            leftOut += Math.max(0, items.size() - maxPerTask);
            kept.put(e.getKey(), List.copyOf(items.subList(0, Math.min(maxPerTask, items.size()))));
        }
        return new HeldOutItems(kept, report, leftOut);
    }

    /** Items kept over all tasks. */
    public int size() {
        return byTask.values().stream().mapToInt(List::size).sum();
    }
}
