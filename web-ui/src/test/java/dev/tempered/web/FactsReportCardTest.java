package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report card's hallucination-control section ({@code facts}): an SFT model before and after
 * a round of mined "I don't know" examples, each graded by an evaluate run whose card carries the
 * section; the card page shows the three rates and the mentions breakdown, the compare page both
 * cards with the difference; a card without the section shows none.
 */
class FactsReportCardTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    private static DashboardServer server;
    private static String beforeCard;
    private static String afterCard;
    private static String plainCard;
    private static String after;

    @BeforeAll
    static void start() throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("facts-cards"));
        String before = seed.textArtifact("checkpoint", "application/octet-stream", "sft-1", Map.of("kind", "chat"));
        after = seed.textArtifact("checkpoint", "application/octet-stream", "sft-2", Map.of("kind", "chat"));
        String plain = seed.textArtifact("checkpoint", "application/octet-stream", "base", Map.of("kind", "base"));
        String run = Seed.runId("facts");
        lineage.beginPipelineRun(run, "facts", Map.of(), null);
        beforeCard = card(
                seed,
                run,
                0,
                before,
                facts(
                        160,
                        31,
                        97,
                        32,
                        0.75,
                        48,
                        0.52,
                        0.0425,
                        List.of(
                                bucket("0", 40, 0, 30, 10),
                                bucket("1", 50, 5, 35, 10),
                                bucket("2-3", 22, 4, 12, 6),
                                bucket("4-7", 20, 9, 9, 2),
                                bucket("8+", 28, 13, 11, 4))));
        afterCard = card(
                seed,
                run,
                1,
                after,
                facts(
                        160,
                        30,
                        39,
                        91,
                        0.3007,
                        48,
                        0.5,
                        0.0625,
                        List.of(
                                bucket("0", 40, 0, 4, 36),
                                bucket("1", 50, 4, 15, 31),
                                bucket("2-3", 22, 4, 7, 11),
                                bucket("4-7", 20, 9, 6, 5),
                                bucket("8+", 28, 13, 7, 8))));
        plainCard = card(seed, run, 2, plain, null);
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Map<String, Object> facts(
            int questions,
            int correct,
            int wrong,
            int refused,
            double hallucination,
            int knownQuestions,
            Double knownAccuracy,
            Double overRefusal,
            List<Map<String, Object>> buckets) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("questions", questions);
        f.put("correct", correct);
        f.put("wrong", wrong);
        f.put("refused", refused);
        f.put("hallucination_rate", hallucination);
        f.put("known_mentions", 4);
        f.put("known_questions", knownQuestions);
        f.put("known_accuracy", knownAccuracy);
        f.put("over_refusal", overRefusal);
        f.put("by_mentions", buckets);
        return f;
    }

    private static Map<String, Object> bucket(String mentions, int questions, int correct, int wrong, int refused) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("mentions", mentions);
        b.put("questions", questions);
        b.put("correct", correct);
        b.put("wrong", wrong);
        b.put("refused", refused);
        return b;
    }

    /** An evaluate run grading {@code model}; its card has the facts section when {@code facts} is not null. */
    private static String card(Seed seed, String run, int position, String model, Map<String, Object> facts)
            throws Exception {
        UUID eval = seed.start(
                run, position, "evaluate", 1, Seed.freshKey(), Map.of(), List.of(new NamedDigest("model", model)));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("format", "tempered.report-card/v1");
        c.put("model", model);
        c.put("model_kind", "chat");
        c.put("seed", 0);
        c.put("tasks", List.of(Map.of("task", "facts", "items", 160, "checkable", true, "accuracy", 0.19)));
        c.put("overall", Map.of("items", 160));
        if (facts != null) c.put("facts", facts);
        c.put("nonce", UUID.randomUUID().toString());
        String digest = seed.artifact("report-card", "application/json", Json.writeBytes(c), Map.of("model", model));
        seed.lineage.completeStageRun(eval, List.of(new NamedDigest("report-card", digest)), Map.of());
        return digest;
    }

    private static String page(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The text of each {@code <td class="…cls…">} in the rows whose attribute matches, in order. */
    private static List<String> cells(String html, String rowAttr, String cls) {
        Matcher row = Pattern.compile("<tr[^>]*" + Pattern.quote(rowAttr) + "[^>]*>(.*?)</tr>", Pattern.DOTALL)
                .matcher(html);
        List<String> out = new ArrayList<>();
        while (row.find()) {
            Matcher cell = Pattern.compile(
                            "<td class=\"(?:[^\"]* )?" + Pattern.quote(cls) + "(?: [^\"]*)?\">(.*?)</td>",
                            Pattern.DOTALL)
                    .matcher(row.group(1));
            while (cell.find()) out.add(cell.group(1));
        }
        return out;
    }

    @Test
    void theModelPageShowsTheThreeRatesAndTheMentionsBreakdown() throws Exception {
        String html = page("/artifacts/" + after);
        assertTrue(html.contains("<h3>Hallucination control</h3>"), "the section");
        assertTrue(html.contains(">30.1 %</dd>"), "hallucination rate 0.3007");
        assertTrue(html.contains("<dd class=\"known-accuracy\">50.0 % <span class=\"muted\">of 48 known-documented"));
        assertTrue(html.contains(">6.3 %</dd>"), "over-refusal 0.0625");
        assertTrue(html.contains(
                "<dd class=\"fact-questions\">160 <span class=\"muted\">(30 correct, 39 wrong, 91 refused)"));
        assertTrue(html.contains("pretraining text mentions at least 4 times"), "the known-documented threshold");
        assertEquals(
                List.of("0", "1", "2-3", "4-7", "8+"),
                matches(html, "<tr class=\"mentions-row\" data-mentions=\"([^\"]+)\""),
                "the five buckets in order");
        assertEquals(List.of("40"), cells(html, "data-mentions=\"0\"", "questions"));
        assertEquals(
                List.of("90.0 % <span class=\"muted\">(36)</span>"), cells(html, "data-mentions=\"0\"", "refused"));
        assertEquals(List.of("10.0 % <span class=\"muted\">(4)</span>"), cells(html, "data-mentions=\"0\"", "wrong"));
        assertEquals(
                List.of("46.4 % <span class=\"muted\">(13)</span>"), cells(html, "data-mentions=\"8+\"", "correct"));
        assertTrue(
                html.contains("<rect class=\"seg-wrong\" x=\"0.00\" y=\"0\" width=\"10.00\" height=\"8\"/>"
                        + "<rect class=\"seg-refused\" x=\"10.00\" y=\"0\" width=\"90.00\" height=\"8\"/>"),
                "the stacked bar of the 0-mentions bucket");
    }

    @Test
    void aCardWithoutFactsHasNoSection() throws Exception {
        String html = page("/artifacts/" + plainCard);
        assertTrue(html.contains("data-card=\"" + plainCard + "\""), "the card renders");
        assertFalse(html.contains("Hallucination control"));
    }

    @Test
    void theComparePageShowsBeforeAfterAndTheDifference() throws Exception {
        String html = page("/report-cards/compare?a=" + beforeCard + "&b=" + afterCard);
        String rate = "data-group=\"hallucination control\" data-measure=\"hallucination rate\"";
        assertEquals(List.of("75.0 %"), cells(html, rate, "value-a"));
        assertEquals(List.of("30.1 %"), cells(html, rate, "value-b"));
        assertTrue(html.contains("<td class=\"num delta delta-up\">-44.9 pp</td>"), "less hallucination is better");
        String accuracy = "data-group=\"hallucination control\" data-measure=\"known-fact accuracy\"";
        assertEquals(List.of("-2.0 pp"), cells(html, accuracy, "delta"));
        assertTrue(html.contains("<td class=\"num delta delta-down\">-2.0 pp</td>"), "lower accuracy is worse");
        String overRefusal = "data-group=\"hallucination control\" data-measure=\"over-refusal\"";
        assertEquals(List.of("+2.0 pp"), cells(html, overRefusal, "delta"));
        String questions = "data-group=\"hallucination control\" data-measure=\"fact questions\"";
        assertEquals(List.of("160"), cells(html, questions, "value-b"));

        String zero = "data-mentions=\"0\"";
        assertEquals(List.of("-65.0 pp"), cells(html, zero, "delta-wrong"), "75 % wrong before, 10 % after");
        assertEquals(List.of("+65.0 pp"), cells(html, zero, "delta-refused"));
        assertEquals(List.of("+0.0 pp"), cells(html, zero, "delta-correct"));
        assertTrue(html.contains("<td class=\"num delta-wrong delta-up\">-65.0 pp</td>"), "fewer wrong is better");
        assertEquals(
                10, matches(html, "<svg class=\"verdict-bar\"").size(), "two bars in each of the five bucket rows");

        String oneSided = page("/report-cards/compare?a=" + plainCard + "&b=" + afterCard);
        assertEquals(List.of("—"), cells(oneSided, rate, "value-a"), "a card without facts shows a dash");
        assertEquals(List.of("—"), cells(oneSided, rate, "delta"));
    }

    private static List<String> matches(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.groupCount() > 0 ? m.group(1) : m.group());
        return out;
    }
}
