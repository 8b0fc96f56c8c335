package dev.tempered.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code report-card} artifact ({@code tempered.report-card/v1}, written by the {@code evaluate}
 * stage) as the dashboard shows it. Read leniently: unknown fields are ignored and a missing or
 * null number stays null (shown as "—"), so a card from a newer stage still renders what this
 * version knows.
 *
 * @param digest the report card artifact itself
 * @param model the checkpoint it grades
 * @param sampling the sampling settings, as written (shown as key = value)
 * @param facts the hallucination-control section, null when the card has none
 */
public record ReportCardView(
        String digest,
        String format,
        String model,
        String modelKind,
        Long step,
        String tokenizer,
        String heldout,
        String tokens,
        Long seed,
        Map<String, Object> sampling,
        List<TaskRow> tasks,
        Long overallItems,
        Double overallFormatCompliance,
        Double overallMeanReplyTokens,
        Double valLoss,
        Double bitsPerByte,
        List<Example> examples,
        FactsView facts) {

    public static final String KIND = "report-card";
    public static final String FORMAT = "tempered.report-card/v1";

    /** One task's row; every measure may be null (not measured, or not applicable such as pass@k at k = 1). */
    public record TaskRow(
            String task,
            Long items,
            Boolean checkable,
            Double accuracy,
            Double accuracyWithoutTool,
            Double passAtK,
            Double formatCompliance,
            Double toolCallRate,
            Double meanReplyTokens,
            Double commonestAnswerRate) {}

    /** One graded reply shown as an example. */
    public record Example(String task, String prompt, String reply, List<ToolCall> toolCalls, Boolean correct) {}

    /** A calculator call made in an example reply. */
    public record ToolCall(String input, String output) {}

    /**
     * Parses a card's bytes.
     *
     * @throws IllegalArgumentException naming the artifact when the bytes are not a JSON object of
     *     this format
     */
    public static ReportCardView parse(String digest, byte[] json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("report card " + digest + " is not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject())
            throw new IllegalArgumentException("report card " + digest + " is not a JSON object");
        String format = text(n, "format");
        if (format != null && !format.startsWith("tempered.report-card/")) {
            throw new IllegalArgumentException(
                    "artifact " + digest + " has format '" + format + "', not " + FORMAT + "; it is no report card");
        }
        List<TaskRow> tasks = new ArrayList<>();
        for (JsonNode t : n.path("tasks")) {
            tasks.add(new TaskRow(
                    text(t, "task"),
                    integer(t, "items"),
                    t.path("checkable").isBoolean() ? t.get("checkable").asBoolean() : null,
                    number(t, "accuracy"),
                    number(t, "accuracy_without_tool"),
                    number(t, "pass_at_k"),
                    number(t, "format_compliance"),
                    number(t, "tool_call_rate"),
                    number(t, "mean_reply_tokens"),
                    number(t, "commonest_answer_rate")));
        }
        List<Example> examples = new ArrayList<>();
        for (JsonNode e : n.path("examples")) {
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode c : e.path("tool_calls")) calls.add(new ToolCall(text(c, "input"), text(c, "output")));
            examples.add(new Example(
                    text(e, "task"),
                    text(e, "prompt"),
                    text(e, "reply"),
                    calls,
                    e.path("correct").isBoolean() ? e.get("correct").asBoolean() : null));
        }
        Map<String, Object> sampling = new LinkedHashMap<>();
        n.path("sampling")
                .fields()
                .forEachRemaining(f -> sampling.put(f.getKey(), Json.MAPPER.convertValue(f.getValue(), Object.class)));
        JsonNode overall = n.path("overall");
        return new ReportCardView(
                digest,
                format,
                text(n, "model"),
                text(n, "model_kind"),
                integer(n, "step"),
                text(n, "tokenizer"),
                text(n, "heldout"),
                text(n, "tokens"),
                integer(n, "seed"),
                sampling,
                tasks,
                integer(overall, "items"),
                number(overall, "format_compliance"),
                number(overall, "mean_reply_tokens"),
                number(n, "val_loss"),
                number(n, "bits_per_byte"),
                examples,
                FactsView.parse(n));
    }

    /** The task's row, or null when this card has none. */
    public TaskRow task(String name) {
        for (TaskRow t : tasks) if (t.task() != null && t.task().equals(name)) return t;
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }

    private static Long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asLong() : null;
    }
}
