package dev.tempered.activities.chat.eval.stage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code evaluate} stage's summary, shown on the dashboard and read by tests under these
 * snake_case keys, in this order; the report card artifact holds the whole story.
 *
 * @param modelKind {@code base} or {@code chat}
 * @param step the checkpoint's training step
 * @param tasks task name → its accuracy (null when not checkable), accuracy without the tool
 *     (null when the task needs none), pass@k (null at k = 1) and format compliance
 * @param items items scored over all tasks
 * @param formatCompliance over every reply of every task
 * @param valLoss mean nats per held-out token; null without the {@code tokens} input
 * @param bitsPerByte null without the {@code tokens} input
 * @param heldoutInvalidLines held-out lines that failed validation and were skipped
 * @param heldoutLeftOut valid held-out items beyond {@code max_items} per task, not scored
 * @param promptsTooLong items whose prompt fills the model's whole context, not scored
 * @param uncheckedTasks tasks with no checker (scored for format and length only)
 * @param replies replies generated, the runs without the tool included
 * @param replyTokensPerS generated tokens per second over all replies
 * @param device the {@code device} param
 * @param engineThreads libtorch's intra-op threads in this worker
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvaluateSummary(
        String modelKind,
        long step,
        Map<String, Map<String, Object>> tasks,
        int items,
        double formatCompliance,
        Double valLoss,
        Double bitsPerByte,
        long heldoutInvalidLines,
        long heldoutLeftOut,
        int promptsTooLong,
        List<String> uncheckedTasks,
        long replies,
        Long replyTokensPerS,
        String device,
        int engineThreads) {

    /** Keeps declaration order and nulls (a null says "does not apply"). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** The summary as {@link dev.tempered.workflows.StageResult} carries it. */
    public Map<String, Object> toMap() {
        return JSON.convertValue(this, MAP);
    }
}
