package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.NamedDigest;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver): navigation,
 * live refresh of a running run, and escaping of hostile values. One browser per class.
 */
class DashboardBrowserTest {
    private static final String IMG_PAYLOAD = "<img src=x onerror=\"document.title='pwned'\">";
    private static final String SCRIPT_PAYLOAD = "<script>document.title='pwned'</script>";
    private static final String PAYLOAD = "evil " + IMG_PAYLOAD + " and " + SCRIPT_PAYLOAD;

    private static Chromium chromium;
    private static ChromeDriver driver;
    private static LineageStore lineage;
    private static Seed seed;
    private static DashboardServer server;

    private static String runA;
    private static String runB;
    private static String raw;
    private static String shard;
    private static String tokenizer;
    private static CurationSeed curated;

    @BeforeAll
    static void start() throws Exception {
        chromium = new Chromium();
        driver = chromium.driver;
        lineage = StorageFixture.get().lineage();
        seed = new Seed(lineage, StorageFixture.get().newArtifactStore("webui"));
        seedPipeline();
        curated = CurationSeed.create(seed, PAYLOAD);
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    /** Run A: ingest then curate. Run B: ingest reused from A, curate, train-tokenizer. */
    private static void seedPipeline() throws Exception {
        raw = seed.textArtifact("raw-pages", "application/x-ndjson+gzip", "pages", Map.of("pages", 812));
        shard = seed.textArtifact("text-shard", "application/x-ndjson", "shard", Map.of("docs", 640));
        tokenizer = seed.textArtifact("tokenizer", "application/json", "tok", Map.of("vocab_size", 4096));

        runA = Seed.runId("ui-a");
        lineage.beginPipelineRun(runA, "tiny-demo", Map.of(), "temporal-a");
        String ingestKey = Seed.freshKey();
        var ingestA = seed.start(runA, 0, "ingest", 1, ingestKey, Map.of("source", "examples/warc"), List.of());
        lineage.completeStageRun(
                ingestA,
                List.of(new NamedDigest("pages", raw)),
                Map.of("pages", 812, "malformed", Map.of("bad-utf8", 3, "truncated", 1)));
        lineage.finishPipelineRun(runA, StageStatus.SUCCEEDED, null);

        runB = Seed.runId("ui-b");
        lineage.beginPipelineRun(runB, "tiny-demo", Map.of(), "temporal-b");
        seed.cached(
                runB, 0, "ingest", 1, ingestKey, ingestA, List.of(new NamedDigest("pages", raw)), Map.of("pages", 812));
        var curate = seed.start(
                runB,
                1,
                "curate",
                1,
                Seed.freshKey(),
                Map.of("min_words", 50, "languages", List.of("en")),
                List.of(new NamedDigest("pages", raw)));
        lineage.completeStageRun(
                curate,
                List.of(new NamedDigest("shard", shard)),
                Map.of("kept", 640, "shards", 1, "dropped", Map.of("too-short", 150, "duplicate", 22)));
        var tok = seed.start(
                runB,
                2,
                "train-tokenizer",
                1,
                Seed.freshKey(),
                Map.of("vocab_size", 4096),
                List.of(new NamedDigest("shard", shard)));
        lineage.completeStageRun(tok, List.of(new NamedDigest("tokenizer", tokenizer)), Map.of("merges", 3840));
        lineage.finishPipelineRun(runB, StageStatus.SUCCEEDED, null);
    }

    @Test
    void runsListShowsTheSeededRunWithItsStatus() {
        driver.get(server.url() + "/");
        WebElement row = driver.findElement(By.cssSelector("tr[data-run-id='" + runB + "']"));
        assertEquals("succeeded", row.findElement(By.cssSelector(".badge")).getText());
        assertEquals("tiny-demo", row.findElement(By.cssSelector(".pipeline")).getText());
        List<WebElement> chips = row.findElements(By.cssSelector(".chip"));
        assertEquals(3, chips.size());
        assertTrue(chips.get(0).getText().startsWith("ingest"), chips.get(0).getText());
        assertEquals(
                "cached",
                chips.get(0).findElement(By.cssSelector(".cached-mark")).getText());
        assertEquals(
                List.of("status-succeeded"),
                chips.stream()
                        .map(c -> c.getAttribute("class").replace("chip ", ""))
                        .distinct()
                        .toList());
        assertEquals(1, row.findElements(By.cssSelector(".chip .cached-mark")).size());
    }

    @Test
    void clickingThroughFromRunToArtifactShowsTimelineAndLineage() throws Exception {
        driver.get(server.url() + "/");
        driver.findElement(By.cssSelector("tr[data-run-id='" + runB + "'] a.run-id"))
                .click();
        waitFor(() -> driver.getCurrentUrl().endsWith("/runs/" + runB));

        List<WebElement> stages = driver.findElements(By.cssSelector("tr.stage"));
        assertEquals(
                List.of("ingest", "curate", "train-tokenizer"),
                stages.stream().map(s -> s.getAttribute("data-stage")).toList());
        WebElement ingest = stages.get(0);
        assertEquals(
                "cached", ingest.findElement(By.cssSelector(".cached-mark")).getText());
        WebElement reused = ingest.findElement(By.cssSelector("a.cached-from"));
        assertTrue(reused.getAttribute("href").endsWith("/runs/" + runA), reused.getAttribute("href"));
        assertEquals(
                0, stages.get(1).findElements(By.cssSelector(".cached-mark")).size());
        assertTrue(
                stages.get(1).findElement(By.cssSelector(".summary")).getText().contains("too-short"));
        saveScreenshot("run.png");

        WebElement output = stages.get(1).findElement(By.cssSelector(".outputs a.digest"));
        assertEquals(shard.substring(0, 12), output.getText());
        assertEquals(shard, output.getAttribute("title"));
        output.click();
        waitFor(() -> driver.getCurrentUrl().endsWith("/artifacts/" + shard));

        assertEquals(shard, driver.findElement(By.cssSelector(".full-digest")).getText());
        WebElement up = driver.findElement(By.cssSelector(".lineage-up"));
        assertTrue(up.findElement(By.cssSelector("a.run-link"))
                .getAttribute("href")
                .endsWith("/runs/" + runB));
        assertEquals(raw, up.findElement(By.cssSelector("a.digest")).getAttribute("title"));
        WebElement down = driver.findElement(By.cssSelector(".lineage-down"));
        assertEquals(
                "train-tokenizer",
                down.findElement(By.cssSelector(".stage-name")).getText());
        assertEquals(tokenizer, down.findElement(By.cssSelector("a.digest")).getAttribute("title"));

        down.findElement(By.cssSelector("a.digest")).click();
        waitFor(() -> driver.getCurrentUrl().endsWith("/artifacts/" + tokenizer));
        assertTrue(driver.findElement(By.cssSelector(".metadata")).getText().contains("\"vocab_size\" : 4096"));
    }

    @Test
    void aRunningRunUpdatesItselfAndStopsPollingWhenDone() {
        String run = Seed.runId("ui-live");
        lineage.beginPipelineRun(run, "live-demo", Map.of(), null);
        var stage = seed.start(run, 0, "pretrain", 1, Seed.freshKey(), Map.of("steps", 100), List.of());

        driver.get(server.url() + "/runs/" + run);
        assertEquals("running", driver.findElement(By.id("stage-0")).getAttribute("data-status"));
        assertEquals("every 2s", driver.findElement(By.id("run-live")).getAttribute("hx-trigger"));
        // A reload would drop this marker; an htmx swap keeps it.
        ((JavascriptExecutor) driver).executeScript("window.temperedMarker = 'same page';");

        lineage.completeStageRun(stage, List.of(), Map.of("steps_done", 100));
        waitFor(() -> "succeeded".equals(driver.findElement(By.id("stage-0")).getAttribute("data-status")));
        assertEquals("same page", ((JavascriptExecutor) driver).executeScript("return window.temperedMarker;"));
        assertTrue(driver.findElement(By.id("stage-0")).getText().contains("steps_done"));

        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);
        waitFor(() -> "succeeded".equals(driver.findElement(By.id("run-live")).getAttribute("data-status")));
        assertEquals(null, driver.findElement(By.id("run-live")).getAttribute("hx-trigger"), "polling stopped");
        assertEquals("same page", ((JavascriptExecutor) driver).executeScript("return window.temperedMarker;"));
    }

    @Test
    void hostileValuesAreShownAsTextOnEveryPage() throws Exception {
        String digest = seed.textArtifact("report", "application/json", "xss", Map.of("note", PAYLOAD));
        String run = Seed.runId("ui-xss");
        lineage.beginPipelineRun(run, PAYLOAD, Map.of(), null);
        var stage = seed.start(run, 0, "eval", 1, Seed.freshKey(), Map.of("prompt", PAYLOAD), List.of());
        lineage.completeStageRun(
                stage, List.of(new NamedDigest("report", digest)), Map.of("worst", Map.of("answer", PAYLOAD)));
        var failed =
                seed.start(run, 1, "label", 1, Seed.freshKey(), Map.of(), List.of(new NamedDigest("report", digest)));
        lineage.endStageRun(failed, StageStatus.FAILED, PAYLOAD);
        lineage.finishPipelineRun(run, StageStatus.FAILED, PAYLOAD);

        for (String path : List.of(
                "/",
                "/runs/" + run,
                "/fragments/runs/" + run,
                "/artifacts/" + digest,
                "/runs/" + URLEncoder.encode(PAYLOAD, StandardCharsets.UTF_8).replace("+", "%20"))) {
            driver.get(server.url() + path);
            // The artifact page shows metadata as JSON, where the payload's quotes are backslash-escaped.
            String body = driver.findElement(By.tagName("body")).getText().replace("\\\"", "\"");
            assertTrue(body.contains(IMG_PAYLOAD), path + " shows the img payload as text");
            assertTrue(
                    body.contains(SCRIPT_PAYLOAD) || path.startsWith("/runs/%"),
                    path + " shows the script payload as text");
            assertEquals(0, driver.findElements(By.cssSelector("img")).size(), path + " has no injected <img>");
            assertEquals(
                    0, driver.findElements(By.xpath("//script[not(@src)]")).size(), path + " has no injected <script>");
            assertNotEquals("pwned", driver.getTitle(), path);
        }
    }

    @Test
    void funnelChartDrawsEveryStepAndAReasonOpensItsSamples() throws Exception {
        driver.get(server.url() + "/runs/" + curated.runId);
        WebElement funnel = driver.findElement(By.cssSelector("section.funnel"));
        List<WebElement> steps = funnel.findElements(By.cssSelector("tr.funnel-step"));
        assertEquals(
                CurationSeed.STEPS,
                steps.stream().map(s -> s.getAttribute("data-step")).toList());
        List<Integer> widths = steps.stream()
                .map(s -> s.findElements(By.cssSelector("svg.funnel-bar rect.out")))
                .peek(bars -> assertEquals(1, bars.size(), "one kept bar per step"))
                .map(bars -> bars.get(0).getRect().getWidth())
                .toList();
        for (int i = 1; i < widths.size(); i++)
            assertTrue(widths.get(i) <= widths.get(i - 1), "bars narrow down the funnel: " + widths);
        assertTrue(widths.get(0) > widths.get(widths.size() - 1) * 1.8, "95.5% against 48.6% of the input: " + widths);
        assertEquals(
                "48.6%", funnel.findElement(By.cssSelector(".kept-overall")).getText());
        saveScreenshot("funnel-run.png");
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", funnel);
        saveScreenshot("funnel.png", funnel.getScreenshotAs(OutputType.BYTES));

        // The drops table starts collapsed, its summary saying how many reasons it holds.
        WebElement drops = funnel.findElement(By.cssSelector("details.funnel-drops-box"));
        assertEquals(null, drops.getAttribute("open"));
        WebElement dropLink = funnel.findElement(By.cssSelector("tr.drop[data-reason='gopher_short_doc'] a"));
        assertFalse(dropLink.isDisplayed(), "collapsed");
        assertTrue(
                drops.findElement(By.tagName("summary"))
                        .getText()
                        .matches("Drops by reason · \\d+ reasons, each with samples"),
                drops.findElement(By.tagName("summary")).getText());
        drops.findElement(By.tagName("summary")).click();
        dropLink.click();
        waitFor(() -> driver.getCurrentUrl().contains("/stage-runs/" + curated.stageRunId + "/exclusions?"));
        List<WebElement> samples = driver.findElements(By.cssSelector("li.sample"));
        assertEquals(
                curated.manyIds.subList(0, 20),
                samples.stream()
                        .map(s -> s.findElement(By.cssSelector(".sample-id")).getText())
                        .toList());
        for (WebElement s : samples)
            assertEquals(
                    "gopher_short_doc",
                    s.findElement(By.cssSelector(".sample-reason")).getText());
        saveScreenshot("samples.png");

        driver.findElement(By.cssSelector("a.more")).click();
        waitFor(() -> driver.getCurrentUrl().endsWith("&limit=200"));
        assertEquals(25, driver.findElements(By.cssSelector("li.sample")).size());
        driver.findElement(By.cssSelector("a.run-link")).click();
        waitFor(() -> driver.getCurrentUrl().endsWith("/runs/" + curated.runId));
    }

    @Test
    void exclusionSamplesShowHostilePageTextAsText() {
        driver.get(server.url() + "/stage-runs/" + curated.stageRunId + "/exclusions?step=" + CurationSeed.XSS_STEP
                + "&reason=" + CurationSeed.XSS_REASON);
        assertEquals(PAYLOAD, driver.findElement(By.cssSelector("pre.excerpt")).getText());
        assertEquals(
                "javascript:document.title='pwned'",
                driver.findElement(By.cssSelector(".sample-url")).getText());
        assertEquals(
                0, driver.findElements(By.cssSelector("a.sample-url")).size(), "a javascript: URL is never a link");
        assertEquals(0, driver.findElements(By.cssSelector("img")).size(), "no injected <img>");
        assertEquals(0, driver.findElements(By.xpath("//script[not(@src)]")).size(), "no injected <script>");
        assertEquals(0, driver.findElements(By.cssSelector("pre.excerpt *")).size(), "the excerpt holds text only");
        assertNotEquals("pwned", driver.getTitle());

        // The other shard's record has a hostile http URL, which is linked, its markup escaped in the href.
        driver.get(server.url() + "/stage-runs/" + curated.stageRunId + "/exclusions?step=" + CurationSeed.XSS_STEP);
        WebElement link = driver.findElement(By.cssSelector("a.sample-url"));
        assertEquals("https://news.example/a?q=\"><script>alert(1)</script>", link.getText());
        assertEquals(0, driver.findElements(By.xpath("//script[not(@src)]")).size());
        assertNotEquals("pwned", driver.getTitle());
    }

    /** The same payload printed raw, on a page without our headers, does run: the test above can fail. */
    @Test
    void controlPageThatPrintsThePayloadRawIsExploited() throws Exception {
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/", exchange -> {
            byte[] page = ("<!DOCTYPE html><html><head><title>control</title></head><body><p>" + PAYLOAD
                            + "</p></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        control.start();
        try {
            driver.get("http://127.0.0.1:" + control.getAddress().getPort() + "/");
            waitFor(() -> "pwned".equals(driver.getTitle()));
            assertEquals("pwned", driver.getTitle());
            assertFalse(driver.findElement(By.tagName("body")).getText().contains(IMG_PAYLOAD));
        } finally {
            control.stop(0);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> condition.getAsBoolean());
    }

    private static void saveScreenshot(String name) throws Exception {
        saveScreenshot(name, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static void saveScreenshot(String name, byte[] png) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), png);
    }
}
