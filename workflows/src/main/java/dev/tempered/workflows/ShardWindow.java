package dev.tempered.workflows;

import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A sliding window of per-shard activities in workflow code: at most {@code width} in flight,
 * the next one started as soon as any finishes, in shard order (so the commands, and the
 * history, are the same on replay). The first failure fails the whole window.
 */
final class ShardWindow {
    private ShardWindow() {}

    /** Runs {@code start(0) … start(count - 1)} and returns their results by index. */
    static List<String> run(int count, int width, IntFunction<Promise<String>> start) {
        String[] results = new String[count];
        Map<Integer, Promise<String>> inFlight = new LinkedHashMap<>();
        int next = 0;
        while (next < count || !inFlight.isEmpty()) {
            while (next < count && inFlight.size() < width) {
                inFlight.put(next, start.apply(next));
                next++;
            }
            // Throws the failure of the first activity to fail after its retries.
            Promise.anyOf(new ArrayList<>(inFlight.values())).get();
            for (Iterator<Map.Entry<Integer, Promise<String>>> it =
                            inFlight.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<Integer, Promise<String>> e = it.next();
                if (e.getValue().isCompleted()) {
                    results[e.getKey()] = e.getValue().get();
                    it.remove();
                }
            }
        }
        return Arrays.asList(results);
    }
}
