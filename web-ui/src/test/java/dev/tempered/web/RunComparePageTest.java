package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.MetricPoint;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /compare} in Chromium: two runs of one pipeline whose pretrain differs in its learning
 * rate draw their loss curves on one chart, the param diff lists exactly the differing param, and
 * each run's pipeline graph shows its stages, the edges its inputs make and their status.
 */
class RunComparePageTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static LineageStore lineage;
    private static Seed seed;
    private static DashboardServer server;
    private static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        lineage = StorageFixture.get().lineage();
        seed = new Seed(lineage, StorageFixture.get().newArtifactStore("compare"));
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    /** A run of ingest → pretrain, plus a sample stage that also reads ingest (a second branch). */
    private static String run(String name, double lr, double lossScale, String sources) throws Exception {
        String run = Seed.runId(name);
        Map<String, Object> pretrain = new LinkedHashMap<>();
        pretrain.put("stage", "pretrain");
        pretrain.put("params", Map.of("steps", 40, "lr", lr));
        pretrain.put("inputs", Map.of("in", "stage:ingest"));
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("stage", "noop");
        sample.put("params", Map.of());
        sample.put("inputs", Map.of("in", "stage:ingest"));
        sample.put("id", "side");
        Map<String, Object> spec = Map.of(
                "name",
                "compare-demo",
                "stages",
                List.of(
                        Map.of("stage", "ingest", "params", Map.of(), "inputs", Map.of("sources", sources)),
                        pretrain,
                        sample));
        lineage.beginPipelineRun(run, "compare-demo", spec, null);
        UUID ingest = seed.start(run, 0, "ingest", 1, Seed.freshKey(), Map.of(), List.of());
        String manifest = seed.textArtifact("ingest-manifest", "application/json", "m " + run, Map.of());
        lineage.completeStageRun(ingest, List.of(new NamedDigest("manifest", manifest)), Map.of());
        UUID train = seed.start(run, 1, "pretrain", 1, Seed.freshKey(), Map.of("steps", 40, "lr", lr), List.of());
        List<MetricPoint> points = new ArrayList<>();
        for (int step = 1; step <= 40; step++) points.add(MetricPoint.of(step, "loss", lossScale / Math.sqrt(step)));
        lineage.recordMetrics(train, points);
        String ckpt = seed.textArtifact("checkpoint", "application/octet-stream", "c " + run, Map.of());
        lineage.completeStageRun(train, List.of(new NamedDigest("checkpoint", ckpt)), Map.of());
        // The side branch is still running.
        seed.start(run, 2, "noop", 1, Seed.freshKey(), Map.of(), List.of());
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);
        return run;
    }

    @Test
    void twoRunsOverlayTheirLossDiffTheirParamsAndDrawTheirPipelines() throws Exception {
        String sources = seed.textArtifact("source-manifest", "application/json", "src " + UUID.randomUUID(), Map.of());
        String a = run("cmp-a", 0.003, 8.0, sources);
        String b = run("cmp-b", 0.001, 9.0, sources);

        browser = new Chromium();
        browser.driver.get(server.url() + "/compare?runs=" + a + "," + b);
        browser.waitFor(() -> browser.text("h1") != null);
        assertEquals("Runs compared", browser.text("h1"));
        @SuppressWarnings("unchecked")
        List<String> series = (List<String>) browser.js("return Array.from(document.querySelectorAll("
                + "\"figure[data-metric='pretrain-loss'] polyline.series\")).map(p => p.getAttribute('data-series'));");
        assertEquals(List.of(a, b), series, "one loss line per run on the same chart");
        assertEquals("40", browser.attribute("figure[data-metric='pretrain-loss'] polyline.series-1", "data-points"));

        @SuppressWarnings("unchecked")
        List<String> diff = (List<String>) browser.js("return Array.from(document.querySelectorAll('#param-diff"
                + " tr.param-row')).map(r => r.getAttribute('data-stage') + '.' + r.getAttribute('data-param') + '='"
                + " + Array.from(r.querySelectorAll('code')).map(c => c.textContent).join('|'));");
        assertEquals(List.of("pretrain.lr=0.003|0.001"), diff, "steps is the same, so only lr differs");

        @SuppressWarnings("unchecked")
        List<String> nodes = (List<String>) browser.js("return Array.from(document.querySelectorAll("
                + "'svg.pipeline-dag')[0].querySelectorAll('g.dag-node')).map(g => g.getAttribute('data-stage') + ':'"
                + " + g.getAttribute('data-status'));");
        assertEquals(List.of("ingest:succeeded", "pretrain:succeeded", "side:running"), nodes);
        @SuppressWarnings("unchecked")
        List<String> edges = (List<String>) browser.js("return Array.from(document.querySelectorAll("
                + "'svg.pipeline-dag')[0].querySelectorAll('line.dag-edge')).map(l => l.getAttribute('data-from') + '>'"
                + " + l.getAttribute('data-to'));");
        assertEquals(List.of("0>1", "0>2"), edges, "both branches read ingest; neither reads the other");
        Object sameColumn = browser.js("var g = document.querySelectorAll('svg.pipeline-dag')[0]"
                + ".querySelectorAll('g.dag-node rect'); return g[1].getAttribute('x') === g[2].getAttribute('x');");
        assertEquals(Boolean.TRUE, sameColumn, "the two branches are drawn side by side, in one column");
        browser.screenshot("compare.png");

        // The run page draws the same graph, and redraws it with the run.
        browser.driver.get(server.url() + "/runs/" + a);
        browser.waitFor(
                () -> browser.attribute("svg.pipeline-dag g.dag-node[data-stage='side']", "data-status") != null);
        assertEquals("running", browser.attribute("svg.pipeline-dag g.dag-node[data-stage='side']", "data-status"));
    }

    @Test
    void oneRunOrAnUnknownRunIsRefusedByName() throws Exception {
        HttpResponse<String> one = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/compare?runs=abc"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, one.statusCode());
        assertTrue(one.body().contains("compare 2 to 6"), one.body());
        HttpResponse<String> unknown = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/compare?runs=no-such-run-1,no-such-run-2"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("no run 'no-such-run-1'"), unknown.body());
    }
}
