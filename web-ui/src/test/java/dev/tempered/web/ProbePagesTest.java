package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The probe page over a {@code probe-results} artifact a {@code probe} stage produced (230
 * questions, see {@link ProbeFixture} for the counts): header, rows with answers and verdicts,
 * filters with their counts, paging, escaping, digest prefixes, the JSON twin, and the links from
 * the artifact and run pages.
 */
class ProbePagesTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    private static DashboardServer server;
    private static String run;
    private static String model;
    private static String probe;
    private static String notAProbe;

    @BeforeAll
    static void start() throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("probe-pages"));
        String tokenizer = seed.textArtifact("tokenizer", "application/json", "tok", Map.of());
        String questions = seed.textArtifact("conversations", "application/jsonl+gzip", "fact questions", Map.of());
        model = seed.textArtifact("checkpoint", "application/octet-stream", "sft", Map.of("step", 60, "kind", "chat"));
        notAProbe = seed.artifact(
                "report-card",
                "application/json",
                Json.writeBytes(Map.of(
                        "format",
                        "tempered.report-card/v1",
                        "nonce",
                        UUID.randomUUID().toString())),
                Map.of());

        run = Seed.runId("probe");
        lineage.beginPipelineRun(run, "facts", Map.of(), null);
        UUID stage = seed.start(
                run,
                0,
                "probe",
                1,
                Seed.freshKey(),
                Map.of("samples", 5, "min_correct", 3),
                List.of(
                        new NamedDigest("model", model),
                        new NamedDigest("tokenizer", tokenizer),
                        new NamedDigest("questions", questions)));
        Map<String, Object> doc = new LinkedHashMap<>(ProbeFixture.results(model, tokenizer, questions, 230));
        doc.put("nonce", UUID.randomUUID().toString());
        probe = seed.artifact("probe-results", "application/json", Json.writeBytes(doc), Map.of("questions", 230));
        String mined = seed.textArtifact("conversations", "application/jsonl+gzip", "mined", Map.of());
        lineage.completeStageRun(
                stage,
                List.of(new NamedDigest("probe-results", probe), new NamedDigest("conversations", mined)),
                Map.of("questions", 230, "known", 91, "unknown", 93, "unstable", 46));
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
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

    private static String page(String query) throws Exception {
        HttpResponse<String> r = get("/probes/" + probe + query);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The classification of each question row, in page order. */
    private static List<String> rows(String html) {
        Matcher m = Pattern.compile("<tr class=\"probe-item\" data-id=\"[^\"]*\" data-classification=\"([a-z]+)\"")
                .matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The count a filter link shows, by filter and value ("" for all). */
    private static int filterCount(String html, String filter, String value) {
        Matcher m = Pattern.compile("data-filter=\"" + filter + "\" data-value=\"" + value
                        + "\"[^>]*>[^<]*<span class=\"filter-count\">(\\d+)</span>")
                .matcher(html);
        assertTrue(m.find(), "a " + filter + " link for '" + value + "'");
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theHeaderLinksTheModelAndShowsSettingsAndCounts() throws Exception {
        String html = page("");
        assertTrue(html.contains("href=\"/artifacts/" + model + "\""), "the probed model links to its page");
        assertTrue(html.contains("<span class=\"mono\">samples=5</span>"), "settings");
        assertTrue(html.contains("<span class=\"mono\">temperature=0.7</span>"), "settings");
        assertTrue(html.contains("<dd class=\"count-questions\">230</dd>"));
        assertTrue(html.contains("<span class=\"count-known\">91</span>"));
        assertTrue(html.contains("<span class=\"count-unknown\">93</span>"));
        assertTrue(html.contains("<span class=\"count-unstable\">46</span>"));
        assertTrue(html.contains("<span class=\"count-mined-refusals\">93</span>"));
        assertTrue(html.contains("<span class=\"count-mined-answers\">91</span>"));
    }

    @Test
    void aQuestionRowShowsItsAnswersVerdictsAndWhatWasMined() throws Exception {
        String html = page("");
        Matcher row = Pattern.compile(
                        "<tr class=\"probe-item\" data-id=\"facts-s1-e000042-birthplace\"[^>]*>(.*?)</tr>",
                        Pattern.DOTALL)
                .matcher(html);
        assertTrue(row.find(), "Tessa Quorn's row");
        String tessa = row.group(1);
        assertTrue(tessa.contains("<span class=\"question-text\">Where was Tessa Quorn born?</span>"), tessa);
        assertTrue(tessa.contains("<td class=\"reference\">Velmora</td>"), tessa);
        assertTrue(
                tessa.contains("<li class=\"answer\" data-verdict=\"refused\"><span class=\"verdict verdict-refused\">"
                        + "refused</span> <span class=\"answer-text\">I don't know.</span></li>"),
                tessa);
        assertEquals(4, count(tessa, "data-verdict=\"wrong\""), "four wrong answers");
        assertTrue(tessa.contains("<td class=\"num correct-count\">0 / 5</td>"), tessa);
        assertTrue(tessa.contains("classification-unknown\">unknown</span>"), tessa);
        assertTrue(
                tessa.contains("<div class=\"mined-reply\">I'm not sure; I have no reliable information about"
                        + " Tessa Quorn's birthplace.</div>"),
                tessa);
        assertEquals(
                20,
                count(html, "<td class=\"mined\"><span class=\"muted\">nothing</span>"),
                "the 20 unstable questions of the first page mine nothing");
    }

    @Test
    void modelTextIsEscapedNeverMarkup() throws Exception {
        String html = page("");
        assertFalse(html.contains("<script>document.title"), "the answer's script tag is not markup");
        assertTrue(
                html.contains("Ilse Varn was born in &lt;script&gt;document.title='pwned'&lt;/script&gt; Korvath."),
                "it is shown as text");
    }

    @Test
    void pagesHoldAHundredQuestionsEach() throws Exception {
        String first = page("");
        assertEquals(100, rows(first).size());
        assertTrue(first.contains("Questions 1–100 of 230"), "the range shown");
        assertTrue(first.contains("href=\"/probes/" + probe + "?page=2\""), "a next link");
        String third = page("?page=3");
        assertEquals(30, rows(third).size());
        assertTrue(third.contains("Questions 201–230 of 230"));
        assertFalse(third.contains("class=\"page-next\""), "the last page has no next link");
        assertTrue(third.contains("href=\"/probes/" + probe + "?page=2\""), "a previous link");
        assertEquals(0, rows(page("?page=4")).size(), "past the end is empty, not an error");
    }

    @Test
    void filtersListOnlyMatchingQuestionsAndTheirLinksCountWhatTheyShow() throws Exception {
        List<String> unknown = rows(page("?classification=unknown"));
        assertEquals(93, unknown.size());
        assertTrue(unknown.stream().allMatch("unknown"::equals));
        assertEquals(List.of(46), List.of(rows(page("?classification=unstable")).size()));

        String refused = page("?verdict=refused");
        assertEquals(93, rows(refused).size(), "items with at least one refusal");
        assertEquals(0, rows(refused).stream().filter("known"::equals).count(), "no known question has a refusal");
        assertEquals(93, filterCount(refused, "classification", ""));
        assertEquals(0, filterCount(refused, "classification", "known"));
        assertEquals(47, filterCount(refused, "classification", "unknown"));
        assertEquals(46, filterCount(refused, "classification", "unstable"));
        assertEquals(230, filterCount(refused, "verdict", ""));
        assertEquals(137, filterCount(refused, "verdict", "correct"));
        assertEquals(184, filterCount(refused, "verdict", "wrong"));
        assertTrue(refused.contains("class=\"filter active\" data-filter=\"verdict\" data-value=\"refused\""));

        String both = page("?classification=unknown&verdict=refused");
        assertEquals(47, rows(both).size());
        assertTrue(
                both.contains("href=\"/probes/" + probe + "?classification=known&amp;verdict=refused\""),
                "a classification link keeps the verdict filter");

        String wrongPages = page("?verdict=wrong&page=2");
        assertEquals(84, rows(wrongPages).size(), "184 wrong-answer items, 100 on the first page");
        assertTrue(wrongPages.contains("href=\"/probes/" + probe + "?verdict=wrong\""), "previous keeps the filter");
    }

    @Test
    void aBadFilterValueIs400NamingTheChoices() throws Exception {
        HttpResponse<String> r = get("/probes/" + probe + "?verdict=maybe");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("verdict='maybe' must be one of correct, wrong, refused"), r.body());
        assertEquals(400, get("/probes/" + probe + "?page=0").statusCode());
    }

    @Test
    void aDigestPrefixWorksAndAnotherKindIs404() throws Exception {
        HttpResponse<String> byPrefix = get("/probes/" + probe.substring(0, 12) + "?classification=known");
        assertEquals(200, byPrefix.statusCode(), byPrefix.body());
        assertEquals(91, rows(byPrefix.body()).size());

        HttpResponse<String> card = get("/probes/" + notAProbe);
        assertEquals(404, card.statusCode());
        assertTrue(card.body().contains("is a report-card, not probe-results"), card.body());
        HttpResponse<String> api = get("/api/probes/" + model.substring(0, 12));
        assertEquals(404, api.statusCode());
        assertTrue(api.body().contains("is a checkpoint, not probe-results"), api.body());
        assertEquals(404, get("/probes/" + Seed.freshKey()).statusCode());
    }

    @Test
    void theApiReturnsTheFilteredPageInTheArtifactsFieldNames() throws Exception {
        HttpResponse<String> r = get("/api/probes/" + probe.substring(0, 12) + "?classification=unknown");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals(probe, body.get("digest").asText());
        assertEquals(model, body.get("model").asText());
        assertEquals(93, body.get("matching").asInt());
        assertEquals(93, body.get("items").size());
        assertEquals(91, body.get("counts").get("known").asInt());
        assertEquals(5, body.get("settings").get("samples").asInt());
        JsonNode tessa = body.get("items").get(0);
        assertEquals("Where was Tessa Quorn born?", tessa.get("question").asText());
        assertEquals("refused", tessa.get("answers").get(1).get("verdict").asText());
        assertEquals(
                ProbeFixture.HOSTILE_ANSWER,
                tessa.get("answers").get(3).get("text").asText());
        assertEquals("refusal", tessa.get("mined").asText());
    }

    @Test
    void theArtifactAndRunPagesLinkTheProbePage() throws Exception {
        String href = "href=\"/probes/" + probe + "\"";
        assertTrue(get("/artifacts/" + probe).body().contains(href), "the artifact page");
        String runPage = get("/runs/" + run).body();
        assertTrue(runPage.contains(href), "the probe stage's output on the run page");
        assertEquals(1, count(runPage, "class=\"probe-link\""), "only the probe-results output links there");
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) n++;
        return n;
    }
}
