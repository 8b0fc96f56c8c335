package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metric plots of a pretrain stage: the series API returns exactly the points in the metrics table,
 * and in Chromium the run page draws them and the plot grows while the run is running.
 */
class MetricPlotsTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    private static LineageStore lineage;
    private static Seed seed;
    private static DashboardServer server;
    private static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        lineage = StorageFixture.get().lineage();
        seed = new Seed(lineage, StorageFixture.get().newArtifactStore("plots"));
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    /** What pretrain writes every step (val_loss every {@code evalEvery}), with values that differ per step. */
    static List<MetricPoint> pretrainPoints(int fromStep, int toStep, int evalEvery) {
        List<MetricPoint> points = new ArrayList<>();
        for (int step = fromStep; step <= toStep; step++) {
            points.add(MetricPoint.of(step, "loss", 8.3 / Math.sqrt(step) + 0.001 * step));
            points.add(MetricPoint.of(step, "lr", 3e-3 * Math.min(1, step / 20.0)));
            points.add(MetricPoint.of(step, "grad_norm", 1.0 + 1.0 / step));
            points.add(MetricPoint.of(step, "tokens_per_s", 3500 + 17.5 * (step % 7)));
            if (step % evalEvery == 0) points.add(MetricPoint.of(step, "val_loss", 8.5 / Math.sqrt(step)));
        }
        return points;
    }

    @Test
    void seriesApiReturnsExactlyTheRecordedPointsAndACachedStageShowsItsSource() throws Exception {
        String run = Seed.runId("plots-api");
        lineage.beginPipelineRun(run, "demo", Map.of(), null);
        String key = Seed.freshKey();
        UUID stage = seed.start(run, 0, "pretrain", 1, key, Map.of("steps", 60), List.of());
        List<MetricPoint> written = pretrainPoints(1, 60, 25);
        lineage.recordMetrics(stage, written);
        String ckpt = seed.textArtifact("checkpoint", "application/octet-stream", "ckpt", Map.of("step", 60));
        lineage.completeStageRun(stage, List.of(new NamedDigest("checkpoint", ckpt)), Map.of());
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);

        JsonNode body = getJson("/api/stage-runs/" + stage + "/series");
        assertEquals(stage.toString(), body.get("stage_run").asText());
        JsonNode series = body.get("series");
        List<String> names = new ArrayList<>();
        series.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("grad_norm", "loss", "lr", "tokens_per_s", "val_loss"), names);
        for (String name : names) {
            List<MetricPoint> expected =
                    written.stream().filter(p -> p.name().equals(name)).toList();
            JsonNode s = series.get(name);
            assertEquals(expected.size(), s.get("steps").size(), name);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).step(), s.get("steps").get(i).asLong(), name + " step " + i);
                assertEquals(expected.get(i).value(), s.get("values").get(i).asDouble(), 0.0, name + " value " + i);
            }
        }
        assertEquals(
                List.of(25L, 50L),
                List.of(
                        series.get("val_loss").get("steps").get(0).asLong(),
                        series.get("val_loss").get("steps").get(1).asLong()));

        // A later run that reused the stage shows the points of the run that trained.
        String again = Seed.runId("plots-cached");
        lineage.beginPipelineRun(again, "demo", Map.of(), null);
        UUID cached = seed.cached(
                again, 0, "pretrain", 1, key, stage, List.of(new NamedDigest("checkpoint", ckpt)), Map.of());
        JsonNode fromCache = getJson("/api/stage-runs/" + cached + "/series");
        assertEquals(stage.toString(), fromCache.get("metrics_from").asText());
        assertEquals(series, fromCache.get("series"));

        assertEquals(
                404,
                http.send(
                                HttpRequest.newBuilder(URI.create(
                                                server.url() + "/api/stage-runs/" + UUID.randomUUID() + "/series"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
    }

    @Test
    void longSeriesAreDownsampledToMaxPointsKeepingEndsAndSpikes() throws Exception {
        String run = Seed.runId("plots-long");
        lineage.beginPipelineRun(run, "demo", Map.of(), null);
        UUID stage = seed.start(run, 0, "pretrain", 1, Seed.freshKey(), Map.of("steps", 5000), List.of());
        List<MetricPoint> written = new ArrayList<>();
        for (int step = 1; step <= 5000; step++) {
            // A one-step gradient-norm blow-up, which an every-n-th thinning would most likely skip.
            written.add(MetricPoint.of(step, "grad_norm", step == 3217 ? 57.0 : 1.0 + 1.0 / step));
        }
        lineage.recordMetrics(stage, written);

        JsonNode s = getJson("/api/stage-runs/" + stage + "/series?max_points=100")
                .get("series")
                .get("grad_norm");
        assertEquals(5000, s.get("total").asLong());
        assertTrue(
                s.get("steps").size() <= 100 && s.get("steps").size() > 25,
                "points: " + s.get("steps").size());
        assertEquals(1, s.get("steps").get(0).asLong());
        assertEquals(5000, s.get("steps").get(s.get("steps").size() - 1).asLong());
        int spike = -1;
        for (int i = 0; i < s.get("steps").size(); i++)
            if (s.get("steps").get(i).asLong() == 3217) spike = i;
        assertTrue(spike >= 0, "the spike at step 3217 is kept");
        assertEquals(57.0, s.get("values").get(spike).asDouble(), 0.0);

        JsonNode all = getJson("/api/stage-runs/" + stage + "/series?max_points=5000")
                .get("series")
                .get("grad_norm");
        assertEquals(5000, all.get("steps").size(), "at the cap every point comes back");
        assertEquals(written.get(4999).value(), all.get("values").get(4999).asDouble(), 0.0);
        assertTrue(
                getJson("/api/stage-runs/" + stage + "/series")
                                .get("series")
                                .get("grad_norm")
                                .get("steps")
                                .size()
                        <= DashboardApi.DEFAULT_SERIES_POINTS,
                "the default cap applies");
        HttpResponse<String> bad = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/stage-runs/" + stage + "/series?max_points=3"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("max_points"), bad.body());
    }

    @Test
    void chartAxesHaveNiceTicksAndReadableLabels() {
        ChartAxis lr = ChartAxis.of(0, 3e-3, true);
        assertEquals(
                List.of("0", "1e-3", "2e-3", "3e-3"),
                lr.ticks().stream().map(lr::label).toList());
        ChartAxis loss = ChartAxis.of(2.91, 8.31, false);
        assertEquals(
                List.of("2", "4", "6", "8", "10"),
                loss.ticks().stream().map(loss::label).toList());
        ChartAxis steps = ChartAxis.of(0, 200, false);
        assertEquals(
                List.of("0", "50", "100", "150", "200"),
                steps.ticks().stream().map(steps::label).toList());
        ChartAxis flat = ChartAxis.of(0.25, 0.25, false);
        assertTrue(flat.min() < 0.25 && flat.max() > 0.25, "a single value sits inside the axis");
        assertEquals(
                List.of("3.912", "3588", "0.003", "1.03", "2.5e-4"),
                List.of(
                        ChartAxis.readout(3.91234),
                        ChartAxis.readout(3587.5),
                        ChartAxis.readout(0.003),
                        ChartAxis.readout(1.0303),
                        ChartAxis.readout(0.00025)));
    }

    @Test
    void runPageDrawsThePlotsAndTheyGrowWhileTheRunIsRunning() throws Exception {
        browser = new Chromium();
        String run = Seed.runId("plots-live");
        lineage.beginPipelineRun(run, "live-demo", Map.of(), null);
        UUID stage = seed.start(run, 0, "pretrain", 1, Seed.freshKey(), Map.of("steps", 100), List.of());
        lineage.recordMetrics(stage, pretrainPoints(1, 10, 5));

        browser.driver.get(server.url() + "/runs/" + run);
        assertEquals(
                List.of("loss", "lr", "grad_norm", "tokens_per_s"),
                browser.js("return Array.from(document.querySelectorAll(" + "'#metrics-" + stage
                        + " figure.metric-chart')).map(function (f) { return f.dataset.metric; });"));
        assertEquals("10", points("loss"));
        assertEquals("2", points("val_loss"));
        assertTrue(
                ((List<?>) browser.js(
                                "return Array.from(document.querySelectorAll(\"figure[data-metric='lr'] text.tick-label\"))"
                                        + ".map(function (t) { return t.textContent; });"))
                        .contains("5e-4"),
                "lr ticks in short scientific notation");
        assertTrue(browser.text("figure[data-metric='loss'] figcaption").contains("at step 10"));
        browser.js("window.temperedMarker = 'same page';");

        lineage.recordMetrics(stage, pretrainPoints(11, 40, 5));
        browser.waitFor(() -> "40".equals(points("loss")));
        assertEquals("8", points("val_loss"));
        assertTrue(browser.text("figure[data-metric='loss'] figcaption").contains("at step 40"));
        assertEquals("same page", browser.js("return window.temperedMarker;"), "updated by htmx, not reloaded");
        browser.js("document.querySelector(\"figure[data-metric='loss']\").scrollIntoView()");
        browser.screenshot("metrics.png");

        lineage.completeStageRun(stage, List.of(), Map.of());
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);
        browser.waitFor(() -> "succeeded".equals(browser.attribute("#run-live", "data-status")));
        assertEquals("40", points("loss"), "plots stay after the run ends");
    }

    @Test
    void plotsSitAboveTheStagesReadTheirValuesOnHoverAndSwitchToALogScaleThatSurvivesRefreshes() throws Exception {
        if (browser == null) browser = new Chromium();
        String run = Seed.runId("plots-tools");
        lineage.beginPipelineRun(run, "tools-demo", Map.of(), null);
        UUID stage = seed.start(run, 0, "pretrain", 1, Seed.freshKey(), Map.of("steps", 100), List.of());
        lineage.recordMetrics(stage, pretrainPoints(1, 40, 5));

        browser.driver.get(server.url() + "/runs/" + run);
        assertEquals(
                4L,
                browser.js("return document.querySelector('section.metrics')"
                        + ".compareDocumentPosition(document.querySelector('table.timeline')) & 4;"),
                "the plots come before the stages table");

        String loss = "figure[data-metric='loss'] ";
        List<?> titles = (List<?>) browser.js("return Array.from(document.querySelectorAll(\"" + loss
                + "svg.linear rect.hover title\")).map(function (t) { return t.textContent; });");
        assertEquals(
                "step 40 · loss " + ChartAxis.readout(8.3 / Math.sqrt(40) + 0.04) + " · val_loss "
                        + ChartAxis.readout(8.5 / Math.sqrt(40)),
                titles.get(titles.size() - 1));
        var band = browser.driver.findElement(org.openqa.selenium.By.cssSelector(loss + "svg.linear rect.hover"));
        new org.openqa.selenium.interactions.Actions(browser.driver)
                .moveToElement(band)
                .perform();
        assertEquals(
                "rgba(9, 105, 218, 0.08)",
                browser.js("return getComputedStyle(arguments[0]).fill;", band),
                "the band under the pointer is highlighted");

        var linear = browser.driver.findElement(org.openqa.selenium.By.cssSelector(loss + "svg.chart.linear"));
        var log = browser.driver.findElement(org.openqa.selenium.By.cssSelector(loss + "svg.chart.log"));
        assertTrue(linear.isDisplayed() && !log.isDisplayed(), "linear first");
        browser.driver
                .findElement(org.openqa.selenium.By.cssSelector(loss + "label.log-scale-label"))
                .click();
        assertTrue(!linear.isDisplayed() && log.isDisplayed(), "the toggle shows the log scale");
        assertEquals(
                List.of("1", "2", "5", "10"),
                browser.js("return Array.from(document.querySelectorAll(\"" + loss
                        + "svg.log text.tick-label:not(.x-tick)\")).map(function (t) { return t.textContent; });"));

        lineage.recordMetrics(stage, pretrainPoints(41, 60, 5));
        browser.waitFor(() -> "60".equals(points("loss")));
        assertTrue(
                browser.driver
                        .findElement(org.openqa.selenium.By.cssSelector(loss + "svg.chart.log"))
                        .isDisplayed(),
                "still on the log scale after the live refresh");
        lineage.completeStageRun(stage, List.of(), Map.of());
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);
    }

    private static String points(String series) {
        return browser.attribute("polyline[data-series='" + series + "']", "data-points");
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }
}
