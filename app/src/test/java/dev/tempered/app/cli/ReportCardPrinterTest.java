package dev.tempered.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tempered.storage.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's side-by-side report cards: the hallucination-control rows appear when a card has {@code facts}. */
class ReportCardPrinterTest {
    private static final String TASKS = "\"tasks\": [{\"task\": \"facts\", \"items\": 160, \"accuracy\": 0.19,"
            + " \"accuracy_without_tool\": 0.19, \"format_compliance\": 0.98}],"
            + " \"val_loss\": 3.2101, \"bits_per_byte\": 1.52";

    private static Map<String, Object> card(String model, int step, String facts) {
        return Json.readMap("{\"format\": \"tempered.report-card/v1\", \"model\": \"" + model + "\","
                + " \"model_kind\": \"chat\", \"step\": " + step + ", " + TASKS
                + (facts == null ? "" : ", \"facts\": " + facts) + "}");
    }

    private static final String BEFORE = "{\"questions\": 160, \"correct\": 31, \"wrong\": 97, \"refused\": 32,"
            + " \"hallucination_rate\": 0.8123, \"known_mentions\": 4, \"known_questions\": 48,"
            + " \"known_accuracy\": 0.52, \"over_refusal\": 0.04, \"by_mentions\": []}";
    private static final String AFTER = "{\"questions\": 160, \"correct\": 30, \"wrong\": 39, \"refused\": 91,"
            + " \"hallucination_rate\": 0.3007, \"known_mentions\": 4, \"known_questions\": 48,"
            + " \"known_accuracy\": 0.5, \"over_refusal\": null, \"by_mentions\": []}";

    private static List<String> lines(List<Map<String, Object>> cards) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportCardPrinter.print(cards, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void factRowsFollowTheLossRowOneColumnPerCard() {
        List<String> out = lines(List.of(card("aaaaaaaa11", 200, BEFORE), card("bbbbbbbb22", 260, AFTER)));
        assertEquals(
                "  task         chat step 200 aaaaaaaa     chat step 260 bbbbbbbb     commonest answer", out.get(1));
        assertEquals(
                List.of(
                        "  fact Qs      160 (48 known)             160 (48 known)",
                        "  halluc. rate 81%                        30%",
                        "  known acc.   52%                        50%",
                        "  over-refusal 4%                         —"),
                out.subList(4, 8),
                String.join("\n", out));
        assertEquals(8, out.size(), "nothing after the fact rows");
    }

    @Test
    void aCardWithoutFactsShowsDashesAndNoCardWithFactsShowsNoRows() {
        List<String> mixed = lines(List.of(card("aaaaaaaa11", 200, null), card("bbbbbbbb22", 260, AFTER)));
        assertEquals("  halluc. rate —                          30%", mixed.get(5), String.join("\n", mixed));

        List<String> none = lines(List.of(card("aaaaaaaa11", 200, null)));
        assertEquals(4, none.size(), String.join("\n", none));
        assertFalse(String.join("\n", none).contains("halluc"));
    }

    @Test
    void columnsAreNamedByTheStageThatTrainedTheModelSoSftPpoAndRlvrStandApart() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportCardPrinter.print(
                List.of(card("aaaaaaaa11", 100, null), card("bbbbbbbb22", 10, null), card("cccccccc33", 20, null)),
                java.util.Arrays.asList("sft-idk", "ppo", null),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> out = Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n"));
        assertEquals(
                "  task         sft-idk step 100 aaaaaaaa  ppo step 10 bbbbbbbb       chat step 20 cccccccc      "
                        + "commonest answer",
                out.get(1),
                "a card whose trainer is unknown keeps its model kind");
        assertEquals(
                "  facts        19% / 19% / 98%            19% / 19% / 98%            19% / 19% / 98%            —",
                out.get(2));
    }

    @Test
    void oneTrainerPerCardOrANamedError() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> ReportCardPrinter.print(
                        List.of(card("aaaaaaaa11", 100, null)), List.of("sft", "ppo"), System.out));
        assertEquals("one trainer per card: 2 trainers for 1 cards", e.getMessage());
    }
}
