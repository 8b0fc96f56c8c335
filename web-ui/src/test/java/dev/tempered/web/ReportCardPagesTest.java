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
import java.util.HashMap;
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
 * Report cards through lineage: a base model and the SFT model trained from it, each graded by an
 * {@code evaluate} run whose {@code report-card} artifact (JSON as the stage writes it) the model
 * page finds and renders; the comparison page shows both cards' values and their difference.
 */
class ReportCardPagesTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    private static DashboardServer server;
    private static String base;
    private static String sft;
    private static String baseCard;
    private static String sftCard;
    private static String unevaluated;

    @BeforeAll
    static void start() throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("report-cards"));
        String tokenizer = seed.textArtifact("tokenizer", "application/json", "tok", Map.of());
        String heldout = seed.textArtifact("conversations", "application/jsonl+gzip", "held-out", Map.of());
        String conversations = seed.textArtifact("conversations", "application/jsonl+gzip", "train", Map.of());
        base = seed.textArtifact("checkpoint", "application/octet-stream", "base", Map.of("step", 200, "kind", "base"));
        unevaluated = seed.textArtifact("checkpoint", "application/octet-stream", "other", Map.of("step", 10));
        String run = Seed.runId("cards");
        lineage.beginPipelineRun(run, "chat", Map.of(), null);

        UUID sftRun = seed.start(
                run,
                0,
                "sft",
                1,
                Seed.freshKey(),
                Map.of(),
                List.of(
                        new NamedDigest("model", base),
                        new NamedDigest("conversations", conversations),
                        new NamedDigest("tokenizer", tokenizer)));
        sft = seed.textArtifact(
                "checkpoint",
                "application/octet-stream",
                "sft",
                Map.of("step", 60, "kind", "chat", "tokenizer", tokenizer, "render_version", 1));
        lineage.completeStageRun(sftRun, List.of(new NamedDigest("checkpoint", sft)), Map.of());

        baseCard = card(
                seed,
                run,
                1,
                base,
                "base",
                200,
                tokenizer,
                heldout,
                task("arithmetic", 200, 0.02, 0.0, 0.10, 0.0, 48.0),
                task("spelling", 150, 0.01, 0.01, 0.05, 0.0, 50.5),
                3.912,
                1.85);
        sftCard = card(
                seed,
                run,
                2,
                sft,
                "chat",
                60,
                tokenizer,
                heldout,
                task("arithmetic", 200, 0.63, 0.05, 0.97, 0.98, 21.5),
                task("spelling", 150, 0.52, 0.10, 0.96, 0.91, 25.0),
                3.210,
                1.52);
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
    }

    private static Map<String, Object> task(
            String name, int items, double acc, double accNoTool, double format, double toolRate, double tokens) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("task", name);
        t.put("items", items);
        t.put("checkable", true);
        t.put("accuracy", acc);
        t.put("accuracy_without_tool", accNoTool);
        t.put("pass_at_k", null);
        t.put("format_compliance", format);
        t.put("tool_call_rate", toolRate);
        t.put("mean_reply_tokens", tokens);
        t.put("commonest_answer_rate", name.equals("spelling") ? 0.66 : 0.02);
        t.put("a_field_from_the_future", "ignored");
        return t;
    }

    /** An evaluate run consuming {@code model} and producing its card, the JSON as the stage writes it. */
    private static String card(
            Seed seed,
            String run,
            int position,
            String model,
            String kind,
            int step,
            String tokenizer,
            String heldout,
            Map<String, Object> t1,
            Map<String, Object> t2,
            double valLoss,
            double bpb)
            throws Exception {
        UUID eval = seed.start(
                run,
                position,
                "evaluate",
                1,
                Seed.freshKey(),
                Map.of(),
                List.of(
                        new NamedDigest("model", model),
                        new NamedDigest("tokenizer", tokenizer),
                        new NamedDigest("heldout", heldout)));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("format", "tempered.report-card/v1");
        c.put("model", model);
        c.put("model_kind", kind);
        c.put("step", step);
        c.put("tokenizer", tokenizer);
        c.put("heldout", heldout);
        c.put("tokens", null);
        c.put("seed", 0);
        c.put("sampling", Map.of("temperature", 0.0, "top_k", 0, "top_p", 1.0, "max_tokens", 96, "samples", 1));
        c.put("tasks", List.of(t1, t2));
        c.put(
                "overall",
                Map.of(
                        "items",
                        350,
                        "format_compliance",
                        (double) t1.get("format_compliance"),
                        "mean_reply_tokens",
                        30.1));
        c.put("val_loss", valLoss);
        c.put("bits_per_byte", bpb);
        Map<String, Object> example = new HashMap<>();
        example.put("task", "arithmetic");
        example.put("prompt", "What is 12 times 7? <b>bold?</b>");
        example.put("reply", "12 times 7 is 84.");
        example.put("tool_calls", List.of(Map.of("input", "12*7", "output", "84")));
        example.put("correct", true);
        c.put("examples", List.of(example));
        c.put("nonce", UUID.randomUUID().toString());
        String digest = seed.artifact("report-card", "application/json", Json.writeBytes(c), Map.of("model", model));
        seed.lineage.completeStageRun(eval, List.of(new NamedDigest("report-card", digest)), Map.of());
        return digest;
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The text of each {@code <td class="…cls…">} in the row whose attribute matches, in order. */
    private static List<String> cells(String html, String rowAttr, String cls) {
        Matcher row = Pattern.compile("<tr[^>]*" + Pattern.quote(rowAttr) + "[^>]*>(.*?)</tr>", Pattern.DOTALL)
                .matcher(html);
        List<String> out = new ArrayList<>();
        while (row.find()) {
            Matcher cell = Pattern.compile(
                            "<td class=\"(?:[^\"]* )?" + Pattern.quote(cls) + "(?: [^\"]*)?\">(.*?)</td>")
                    .matcher(row.group(1));
            while (cell.find()) out.add(cell.group(1));
        }
        return out;
    }

    @Test
    void theSftModelPageShowsItsOwnCardWithEveryMeasure() throws Exception {
        HttpResponse<String> page = get("/artifacts/" + sft);
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("data-card=\"" + sftCard + "\""), "the SFT model's card, found through lineage");
        assertFalse(html.contains("data-card=\"" + baseCard + "\""), "not the base model's card");
        String arithmetic = "data-task=\"arithmetic\"";
        assertEquals(List.of("200"), cells(html, arithmetic, "items"));
        assertEquals(List.of("63.0 %"), cells(html, arithmetic, "accuracy"));
        assertEquals(List.of("5.0 %"), cells(html, arithmetic, "accuracy-without-tool"));
        assertEquals(List.of("—"), cells(html, arithmetic, "pass-at-k"));
        assertEquals(List.of("97.0 %"), cells(html, arithmetic, "format-compliance"));
        assertEquals(List.of("98.0 %"), cells(html, arithmetic, "tool-call-rate"));
        assertEquals(List.of("21.5"), cells(html, arithmetic, "mean-reply-tokens"));
        assertEquals(List.of("2.0 %"), cells(html, arithmetic, "commonest-answer"));
        assertEquals(List.of("52.0 %"), cells(html, "data-task=\"spelling\"", "accuracy"));
        assertEquals(List.of("66.0 %"), cells(html, "data-task=\"spelling\"", "commonest-answer"));
        assertEquals(List.of("350"), cells(html, "class=\"overall-row\"", "items"));
        assertTrue(html.contains("<dd class=\"val-loss\">3.210</dd>"), "val loss");
        assertTrue(html.contains("<dd class=\"bits-per-byte\">1.520</dd>"), "bits per byte");
        assertTrue(html.contains("What is 12 times 7? &lt;b&gt;bold?&lt;/b&gt;"), "example prompts are escaped text");
        assertTrue(html.contains("<code class=\"tool-input\">12*7</code>"), "the example's tool call");
        assertTrue(html.contains("href=\"/chat?model=" + sft + "\""), "a chat model page links the Chat page");
        assertTrue(
                html.contains(Views.compareHref(baseCard, sftCard).replace("&", "&amp;")),
                "a link compares with the base model's card");
    }

    @Test
    void aModelNeverEvaluatedSaysSoAndACardPageRendersItself() throws Exception {
        assertTrue(get("/artifacts/" + unevaluated).body().contains("No report card yet"));
        HttpResponse<String> cardPage = get("/artifacts/" + baseCard);
        assertEquals(200, cardPage.statusCode());
        assertEquals(List.of("2.0 %"), cells(cardPage.body(), "data-task=\"arithmetic\"", "accuracy"));
        assertEquals(List.of("48.0"), cells(cardPage.body(), "data-task=\"arithmetic\"", "mean-reply-tokens"));
    }

    @Test
    void twoCardsSideBySideShowBothValuesAndTheDifference() throws Exception {
        HttpResponse<String> page = get("/report-cards/compare?a=" + baseCard + "&b=" + sftCard);
        assertEquals(200, page.statusCode(), page.body());
        String html = page.body();
        String row = "data-group=\"arithmetic\" data-measure=\"accuracy with tool\"";
        assertEquals(List.of("2.0 %"), cells(html, row, "value-a"));
        assertEquals(List.of("63.0 %"), cells(html, row, "value-b"));
        assertEquals(List.of("+61.0 pp"), cells(html, row, "delta"));
        assertTrue(html.contains("<td class=\"num delta delta-up\">+61.0 pp</td>"), "an improvement is marked");
        String tokens = "data-group=\"spelling\" data-measure=\"mean reply tokens\"";
        assertEquals(
                List.of("50.5", "25.0", "-25.5"),
                List.of(
                        cells(html, tokens, "value-a").get(0),
                        cells(html, tokens, "value-b").get(0),
                        cells(html, tokens, "delta").get(0)));
        String loss = "data-group=\"held-out text\" data-measure=\"val loss\"";
        assertEquals(List.of("-0.702"), cells(html, loss, "delta"));
        assertTrue(html.contains("<td class=\"num delta delta-up\">-0.702</td>"), "lower loss is better");
        String passAtK = "data-group=\"arithmetic\" data-measure=\"pass@k\"";
        assertEquals(List.of("—"), cells(html, passAtK, "delta"), "null on both sides");

        HttpResponse<String> notCard = get("/report-cards/compare?a=" + base + "&b=" + sftCard);
        assertEquals(400, notCard.statusCode());
        assertTrue(notCard.body().contains("a=" + base + " is a checkpoint, not a report-card"), notCard.body());
        assertEquals(400, get("/report-cards/compare?a=xyz&b=" + sftCard).statusCode());
        assertEquals(
                404,
                get("/report-cards/compare?a=" + Seed.freshKey() + "&b=" + sftCard)
                        .statusCode());
    }
}
