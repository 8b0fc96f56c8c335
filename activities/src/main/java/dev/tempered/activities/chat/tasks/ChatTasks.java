package dev.tempered.activities.chat.tasks;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tasks {@code synthesize} can generate and {@code evaluate} can check, by name (a
 * conversation's {@code task} field). Tasks hold their word list or corpus once loaded, so callers
 * keep the instances this gives them.
 */
public final class ChatTasks {
    /** Task names in the order synthesize writes them. */
    public static final List<String> NAMES =
            List.of(ArithmeticTask.NAME, SpellingTask.NAME, IdentityTask.NAME, DialogTask.NAME);

    private ChatTasks() {}

    /** One instance of every task, in {@link #NAMES} order (loads the word list and dialog corpus). */
    public static List<ChatTask> all() {
        return List.of(new ArithmeticTask(), new SpellingTask(), new IdentityTask(), new DialogTask());
    }

    /** Every task by name. */
    public static Map<String, ChatTask> byName() {
        return all().stream()
                .collect(Collectors.toMap(
                        ChatTask::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /** The task named {@code name}, or an error listing the tasks that exist. */
    public static ChatTask get(String name) {
        return switch (name) {
            case ArithmeticTask.NAME -> new ArithmeticTask();
            case SpellingTask.NAME -> new SpellingTask();
            case IdentityTask.NAME -> new IdentityTask();
            case DialogTask.NAME -> new DialogTask();
            default -> throw new IllegalArgumentException("unknown chat task '" + name + "'; known: " + NAMES);
        };
    }
}
