package dev.tempered.app.cli;

import dev.tempered.workflows.TaskQueues;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code --queues} value of {@code up} and {@code worker}: short queue names, comma-separated, or {@code none}. */
final class QueueList {
    private QueueList() {}

    static Set<String> parse(String text) {
        if (text.trim().equals("none")) return Set.of();
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).forEach(q -> names.add(TaskQueues.fromShortName(q)));
        return Collections.unmodifiableSet(names);
    }
}
