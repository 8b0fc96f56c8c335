package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.testing.StorageFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curation funnel on the run page and the exclusion samples behind it, over real PostgreSQL
 * and S3 with exclusion artifacts in the format the curate stage writes.
 */
class CurationFunnelApiTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final String HOSTILE =
            "Buy now! <img src=x onerror=\"document.title='pwned'\"> <script>document.title='pwned'</script>";

    private static DashboardServer server;
    private static CurationSeed curated;
    private static String api;
    private static String page;

    @BeforeAll
    static void seed() throws IOException {
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("funnel"));
        curated = CurationSeed.create(seed, HOSTILE);
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
        api = "/api/stage-runs/" + curated.stageRunId + "/exclusions";
        page = "/stage-runs/" + curated.stageRunId + "/exclusions";
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void runPageDrawsOneBarPerStepInPipelineOrder() throws Exception {
        HttpResponse<String> r = get("/runs/" + curated.runId);
        assertEquals(200, r.statusCode());
        String html = r.body();
        // jsonb hands the funnel back in its own key order (pii first); the page must restore the pipeline's.
        assertEquals(CurationSeed.STEPS, all(html, "<tr class=\"funnel-step\" data-step=\"([^\"]+)\""));
        assertEquals(CurationSeed.STEPS.size(), count(html, "<svg class=\"funnel-bar\""));
        // The first bar's kept part is 9,553 of 10,000: 95.53% wide, centred.
        assertTrue(html.contains("<rect class=\"out\" x=\"2.23\" y=\"0\" width=\"95.53\" height=\"10\"/>"), html);
        assertTrue(html.contains("<span class=\"kept-overall\">48.6%</span>"), html);
        assertTrue(html.contains("<td class=\"num docs-in\">10,000</td>"));

        // Drops, most frequent first within a step, each linking to its samples.
        assertEquals(
                List.of(
                        "blocklist:domain",
                        "blocklist:banned_word",
                        "extract:empty",
                        "extract:binary",
                        "language:low_score",
                        "dup_line_frac",
                        "top_2_gram",
                        "gopher_short_doc",
                        "gopher_enough_stop_words",
                        "line_punct_ratio",
                        "short_line_ratio",
                        "minhash_duplicate"),
                all(html, "<tr class=\"drop\" data-reason=\"([^\"]+)\""));
        assertTrue(html.contains("href=\"" + page + "?step=url_filter&amp;reason=blocklist%3Adomain\""), html);

        // The rest of the summary still prints; the raw funnel map does not, a link to the chart does.
        assertTrue(html.contains("<dt>pii_redactions</dt>"));
        assertTrue(html.contains("href=\"#funnel-" + curated.stageRunId + "\""));
        assertFalse(html.contains("<dt>docs_in</dt>"), "funnel printed as a raw map too");
        assertFalse(html.contains("<dt>funnel</dt>"));
    }

    @Test
    void samplesOfOneReasonAcrossShardArtifacts() throws Exception {
        JsonNode first = json(api + "?step=gopher_quality&reason=gopher_short_doc");
        assertEquals(20, first.get("limit").asInt());
        assertTrue(first.get("more").asBoolean());
        assertEquals(2, first.get("artifacts").size(), "one artifact per shard");
        assertEquals(curated.manyIds.subList(0, 20), ids(first));
        for (JsonNode s : first.get("samples")) {
            assertEquals("gopher_quality", s.get("step").asText());
            assertEquals("gopher_short_doc", s.get("reason").asText());
        }
        assertEquals("curate", first.get("stage").asText());
        assertEquals(curated.runId, first.get("run_id").asText());

        JsonNode all = json(api + "?step=gopher_quality&reason=gopher_short_doc&limit=200");
        assertFalse(all.get("more").asBoolean());
        assertEquals(curated.manyIds, ids(all));

        JsonNode exact = json(api + "?step=gopher_quality&reason=gopher_short_doc&limit=25");
        assertFalse(exact.get("more").asBoolean(), "exactly the limit is not 'more'");
        assertEquals(25, exact.get("samples").size());

        JsonNode stopWords = json(api + "?step=gopher_quality&reason=gopher_enough_stop_words");
        assertEquals(5, stopWords.get("samples").size());
    }

    @Test
    void urlFilterSamplesCarryTheRuleAndAStepWithoutReasonListsEveryReason() throws Exception {
        JsonNode domain = json(api + "?step=url_filter&reason=blocklist:domain");
        assertEquals(3, domain.get("samples").size());
        JsonNode s = domain.get("samples").get(0);
        assertEquals("https://casino-0.example/win", s.get("url").asText());
        assertEquals("domain:casino-0.example", s.get("rule").asText());
        assertEquals("", s.get("excerpt").asText());

        JsonNode step = json(api + "?step=url_filter");
        assertTrue(step.get("reason").isNull());
        assertEquals(4, step.get("samples").size());
        assertEquals(
                "blocklist:banned_word",
                step.get("samples").get(3).get("reason").asText());

        JsonNode hostile = json(api + "?step=fineweb_quality&reason=line_punct_ratio");
        assertEquals(
                HOSTILE, hostile.get("samples").get(0).get("excerpt").asText(), "the API returns the text as it is");
        assertTrue(hostile.get("samples").get(0).get("rule").isNull());
    }

    @Test
    void badParametersAre400NamingTheValue() throws Exception {
        assertEquals("query parameter step is required, e.g. step=c4_quality", error(get(api), 400));
        assertTrue(error(get(api + "?step=Gopher"), 400).startsWith("query parameter step='Gopher' may contain only"));
        assertTrue(error(get(api + "?step=url_filter&reason=%3Cscript%3E"), 400)
                .startsWith("query parameter reason='<script>'"));
        assertTrue(error(get(api + "?step=" + "a".repeat(65)), 400).contains("1 to 64"));
        assertTrue(error(get(api + "?step=pii&limit=0"), 400)
                .startsWith("query parameter limit='0' must be an integer from 1 to 200"));
        assertEquals(400, get(api + "?step=pii&limit=201").statusCode());
        assertEquals(400, get("/api/stage-runs/nope/exclusions?step=pii").statusCode());

        HttpResponse<String> html = get(page + "?step=url_filter&reason=%3Cscript%3Ealert(1)%3C/script%3E");
        assertEquals(400, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(html.body().contains("&lt;script&gt;alert(1)"), html.body());
        assertFalse(html.body().contains("<script>alert"), html.body());
    }

    @Test
    void unknownStageRunOrStepIs404() throws Exception {
        UUID unknown = UUID.randomUUID();
        assertEquals("no stage run " + unknown, error(get("/api/stage-runs/" + unknown + "/exclusions?step=pii"), 404));
        assertEquals(404, get("/stage-runs/" + unknown + "/exclusions?step=pii").statusCode());
        assertEquals(
                "stage run " + curated.stageRunId + " has no output excluded_pii; steps with exclusions: "
                        + "fineweb_quality, gopher_quality, url_filter",
                error(get(api + "?step=pii"), 404));
    }

    @Test
    void samplesPageShowsEscapedRecords() throws Exception {
        HttpResponse<String> r = get(page + "?step=fineweb_quality&reason=line_punct_ratio");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertEquals(1, count(html, "<li class=\"sample\">"));
        // In text jte escapes <, > and &; the quotes are harmless there.
        assertTrue(
                html.contains("<pre class=\"excerpt\">Buy now! &lt;img src=x onerror=\"document.title='pwned'\"&gt; "),
                html);
        assertTrue(html.contains("&lt;script&gt;document.title="), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<script>document"), html);
        // A javascript: URL is shown, never linked.
        assertTrue(html.contains("<span class=\"sample-url\">javascript:document.title='pwned'</span>"), html);
        assertFalse(html.contains("href=\"javascript:"), html);

        String many = get(page + "?step=gopher_quality&reason=gopher_short_doc").body();
        assertEquals(20, count(many, "<li class=\"sample\">"));
        assertTrue(
                many.contains("href=\"" + page + "?step=gopher_quality&amp;reason=gopher_short_doc&amp;limit=200\""),
                many);
        assertEquals(
                25,
                count(
                        get(page + "?step=gopher_quality&reason=gopher_short_doc&limit=200")
                                .body(),
                        "<li class=\"sample\">"));
    }

    @Test
    void stageWithoutAFunnelKeepsItsPlainSummary() {
        var stage = new dev.tempered.storage.StageRunRecord(
                UUID.randomUUID(),
                "r",
                0,
                "curate",
                1,
                "k",
                java.util.Map.of(),
                dev.tempered.storage.StageStatus.SUCCEEDED,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                java.util.Map.of("kept", 3, "funnel", "not a map"),
                List.of(),
                List.of());
        assertNull(FunnelView.of(stage));
    }

    private static List<String> ids(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.get("samples").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    private static List<String> all(String html, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(html);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    private static int count(String html, String literal) {
        return all(html, "(" + Pattern.quote(literal) + ")").size();
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        return Json.MAPPER.readTree(r.body());
    }

    private static String error(HttpResponse<String> r, int status) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).get("error").asText();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
