package dev.tempered.activities.chat.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tempered.activities.InvalidStageInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report card's JSON: the names the dashboard reads, nulls kept, and a lossless round trip. */
class ReportCardTest {
    static final String MODEL = "a".repeat(64);

    static ReportCard card() {
        return new ReportCard(
                ReportCard.FORMAT,
                MODEL,
                "chat",
                200,
                "b".repeat(64),
                "c".repeat(64),
                null,
                0,
                new ReportCard.Sampling(0.0, 0, 1.0, 96, 1),
                List.of(
                        new ReportCard.TaskScore("arithmetic", 200, true, 0.63, 0.05, null, 0.97, 0.98, 21.5, 0.02),
                        new ReportCard.TaskScore("dialog", 120, false, null, null, null, 0.9, 0.0, 30.25, null)),
                new ReportCard.Overall(320, 0.9438, 24.8),
                3.21,
                1.52,
                List.of(
                        new ReportCard.Example(
                                "arithmetic",
                                "A baker has 12 trays of 7 rolls. How many rolls?",
                                "12 trays of 7 rolls make 84 rolls.",
                                List.of(new ReportCard.ToolUse("12*7", "84")),
                                true),
                        new ReportCard.Example("dialog", "Hello", "Hi there!", List.of(), null)),
                null);
    }

    @Test
    void writesTheFieldNamesTheDashboardReadsInOrderWithNulls() throws Exception {
        JsonNode json = new ObjectMapper().readTree(card().toJsonBytes());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of(
                        "format",
                        "model",
                        "model_kind",
                        "step",
                        "tokenizer",
                        "heldout",
                        "tokens",
                        "seed",
                        "sampling",
                        "tasks",
                        "overall",
                        "val_loss",
                        "bits_per_byte",
                        "examples",
                        "facts"),
                keys);
        assertTrue(json.get("facts").isNull(), "a card without the encyclopedia has facts: null");
        assertEquals("tempered.report-card/v1", json.get("format").asText());
        assertTrue(json.get("tokens").isNull(), "a missing token manifest is written as null");
        assertEquals(96, json.at("/sampling/max_tokens").asInt());
        assertEquals(0, json.at("/sampling/top_k").asInt());
        JsonNode arithmetic = json.at("/tasks/0");
        List<String> taskKeys = new ArrayList<>();
        arithmetic.fieldNames().forEachRemaining(taskKeys::add);
        assertEquals(
                List.of(
                        "task",
                        "items",
                        "checkable",
                        "accuracy",
                        "accuracy_without_tool",
                        "pass_at_k",
                        "format_compliance",
                        "tool_call_rate",
                        "mean_reply_tokens",
                        "commonest_answer_rate"),
                taskKeys);
        assertEquals(0.02, arithmetic.get("commonest_answer_rate").asDouble());
        assertTrue(json.at("/tasks/1/commonest_answer_rate").isNull(), "dialog has no right answer");
        assertEquals(0.05, arithmetic.get("accuracy_without_tool").asDouble());
        assertTrue(json.at("/tasks/1/accuracy").isNull());
        assertEquals(320, json.at("/overall/items").asInt());
        assertEquals("84", json.at("/examples/0/tool_calls/0/output").asText());
        assertTrue(json.at("/examples/1/correct").isNull());
    }

    @Test
    void readsBackWhatItWrote() {
        ReportCard card = card();
        ReportCard back = ReportCard.read(card.toJsonBytes(), "card");
        assertEquals(card, back);
        assertNull(back.tasks().get(1).accuracy());
        Map<String, Object> map = card.toMap();
        assertEquals("chat", map.get("model_kind"));
        assertEquals(1.52, map.get("bits_per_byte"));
    }

    @Test
    void refusesAnotherFormatNamingItAndTheSource() {
        byte[] samples = "{\"format\":\"tempered.samples/v1\"}".getBytes(StandardCharsets.UTF_8);
        InvalidStageInputException e =
                assertThrows(InvalidStageInputException.class, () -> ReportCard.read(samples, "artifact 1234"));
        assertTrue(
                e.getMessage().contains("artifact 1234") && e.getMessage().contains("tempered.samples/v1"),
                e.getMessage());
        InvalidStageInputException notJson = assertThrows(
                InvalidStageInputException.class,
                () -> ReportCard.read("not json".getBytes(StandardCharsets.UTF_8), "artifact 5678"));
        assertTrue(notJson.getMessage().contains("artifact 5678"), notJson.getMessage());
    }
}
