package dev.tempered.activities.chat.synth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code synthesize} stage's summary, shown on the dashboard and read by tests under these
 * snake_case keys, in this order.
 *
 * @param train conversations in the {@code train} output
 * @param heldout conversations in the {@code heldout} output
 * @param heldoutFraction the {@code heldout_fraction} param
 * @param seed the generator seed
 * @param tasks per task: generator version, count asked for, train and held-out counts, exact repeats dropped
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SynthesizeSummary(
        int train, int heldout, double heldoutFraction, long seed, Map<String, TaskSummary> tasks) {

    /** One task's counts, as {@link Synthesizer.TaskCounts} has them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TaskSummary(int version, int requested, int train, int heldout, int duplicatesDropped) {
        static TaskSummary of(Synthesizer.TaskCounts c) {
            return new TaskSummary(c.version(), c.requested(), c.train(), c.heldout(), c.duplicates());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    static SynthesizeSummary of(Synthesizer.Result r, double heldoutFraction, long seed) {
        Map<String, TaskSummary> tasks = new LinkedHashMap<>();
        r.tasks().forEach((name, c) -> tasks.put(name, TaskSummary.of(c)));
        return new SynthesizeSummary(r.train().size(), r.heldout().size(), heldoutFraction, seed, tasks);
    }

    /** The summary as {@link dev.tempered.workflows.StageResult} carries it. */
    public Map<String, Object> toMap() {
        return JSON.convertValue(this, MAP);
    }
}
