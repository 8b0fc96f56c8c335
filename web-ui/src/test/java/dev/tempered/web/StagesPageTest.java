package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.testing.StorageFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /stages} and {@code /api/stages} show the catalog the platform plugs in, every value escaped. */
class StagesPageTest {
    private static final String HOSTILE = "<script>alert('stage')</script> & \"quotes\"";
    private static final HttpClient http = HttpClient.newHttpClient();
    private static DashboardServer server;
    private static DashboardServer bare;

    @BeforeAll
    static void start() {
        StageCatalogView catalog = () -> List.of(
                new StageCatalogView.Stage(
                        "ingest",
                        1,
                        "Read WARC files. " + HOSTILE,
                        "cpu",
                        "activity Ingest",
                        List.of(
                                new StageCatalogView.Param(
                                        "sources", "string list", "[]", "", "Files to upload.", true),
                                new StageCatalogView.Param(
                                        "shard_max_mb", "integer", "16", "1 to 4096", HOSTILE, false)),
                        List.of(new StageCatalogView.Input("sources", "source-manifest", true, "The uploaded files."))),
                new StageCatalogView.Stage(
                        "tokenize", 1, "Encode text.", "cpu", "activity Tokenize", List.of(), List.of()));
        var storage = StorageFixture.get();
        server = DashboardServer.start(
                WebConfig.anyFreePort(), storage.lineage(), storage.newArtifactStore("stages-page"), null, catalog);
        bare = DashboardServer.start(
                WebConfig.anyFreePort(), storage.lineage(), storage.newArtifactStore("stages-bare"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (bare != null) bare.close();
    }

    @Test
    void apiListsStagesWithParamsAndInputsInSnakeCase() throws Exception {
        HttpResponse<String> r = get(server, "/api/stages");
        assertEquals(200, r.statusCode());
        JsonNode stages = Json.MAPPER.readTree(r.body());
        assertEquals(2, stages.size());
        JsonNode ingest = stages.get(0);
        assertEquals("ingest", ingest.get("name").asText());
        assertEquals("activity Ingest", ingest.get("execution").asText());
        JsonNode shard = ingest.get("params").get(1);
        assertEquals("shard_max_mb", shard.get("name").asText());
        assertEquals("16", shard.get("default_value").asText());
        assertEquals("1 to 4096", shard.get("range").asText());
        assertTrue(ingest.get("params").get(0).get("client_side").asBoolean());
        assertEquals("source-manifest", ingest.get("inputs").get(0).get("kind").asText());
    }

    @Test
    void pageShowsEveryStageEscapedAndIsLinkedFromTheNav() throws Exception {
        String html = get(server, "/stages").body();
        assertTrue(html.contains("<code>ingest</code>") && html.contains("<code>tokenize</code>"), html);
        assertTrue(
                html.contains("1 to 4096") && html.contains("source-manifest") && html.contains("(client side)"), html);
        assertFalse(html.contains("<script>alert"), "hostile text is escaped");
        assertTrue(html.contains("&lt;script&gt;alert("), html);
        assertTrue(html.contains("No parameters."), html);
        assertTrue(get(server, "/").body().contains("<a href=\"/stages\">Stages</a>"));
    }

    @Test
    void aDashboardWithoutThePlatformSaysItKnowsNoStages() throws Exception {
        assertEquals("[]", get(bare, "/api/stages").body());
        assertTrue(get(bare, "/stages").body().contains("knows no stages"));
    }

    private static HttpResponse<String> get(DashboardServer s, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(s.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
