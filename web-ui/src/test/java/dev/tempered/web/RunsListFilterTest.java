package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The runs list in Chromium: the filter form narrows it by status, pipeline and text (in the id,
 * pipeline or error), a page holds 50 runs with links to the next and previous ones that keep the
 * filter, and a failed run's error shows in its row as one line.
 */
class RunsListFilterTest {
    private static final String ERROR = "stage pretrain failed: the loss diverged at step 120 (nan);\n"
            + "lower learning_rate or raise warmup_steps";

    private static Chromium chromium;
    private static ChromeDriver driver;
    private static DashboardServer server;
    private static String pipeline;
    private static String manyPipeline;
    private static String failed;
    private static String succeeded;

    @BeforeAll
    static void start() throws Exception {
        chromium = new Chromium();
        driver = chromium.driver;
        LineageStore lineage = StorageFixture.get().lineage();
        // The test database is shared: the pipeline names are this class's own.
        String tag = UUID.randomUUID().toString().substring(0, 8);
        pipeline = "filter-" + tag;
        manyPipeline = "paged-" + tag;
        failed = Seed.runId("f-failed");
        succeeded = Seed.runId("f-ok");
        String lost = Seed.runId("f-lost");
        lineage.beginPipelineRun(failed, pipeline, Map.of(), null);
        lineage.finishPipelineRun(failed, StageStatus.FAILED, ERROR);
        lineage.beginPipelineRun(succeeded, pipeline, Map.of(), null);
        lineage.finishPipelineRun(succeeded, StageStatus.SUCCEEDED, null);
        lineage.beginPipelineRun(lost, pipeline, Map.of(), null);
        lineage.markRunLost(lost, "lost: the platform stopped while it ran");
        for (int i = 0; i < RunsListView.PAGE_SIZE + 5; i++) {
            String id = "p" + i + "-" + tag;
            lineage.beginPipelineRun(id, manyPipeline, Map.of(), null);
            lineage.finishPipelineRun(id, StageStatus.SUCCEEDED, null);
        }
        server = DashboardServer.start(
                WebConfig.anyFreePort(), lineage, StorageFixture.get().newArtifactStore("runs-filter"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    static List<String> shownRunIds() {
        return driver.findElements(By.cssSelector("tr.run")).stream()
                .map(r -> r.getAttribute("data-run-id"))
                .toList();
    }

    @Test
    void theFormFiltersByPipelineThenStatusAndTheErrorShowsAsOneLine() {
        driver.get(server.url() + "/");
        driver.findElement(By.name("pipeline")).sendKeys(pipeline);
        driver.findElement(By.cssSelector("form.run-filter button")).click();
        chromium.waitFor(() -> driver.getCurrentUrl().contains("pipeline=" + pipeline));
        assertEquals(3, shownRunIds().size(), shownRunIds().toString());

        new Select(driver.findElement(By.name("status"))).selectByValue("failed");
        driver.findElement(By.cssSelector("form.run-filter button")).click();
        chromium.waitFor(() -> driver.getCurrentUrl().contains("status=failed"));
        assertEquals(List.of(failed), shownRunIds());
        WebElement error = driver.findElement(By.cssSelector("tr.run td.error"));
        assertEquals(
                "stage pretrain failed: the loss diverged at step 120 (nan); lower learning_rate or raise warmup_steps",
                error.getText());
        assertEquals(
                "failed",
                new Select(driver.findElement(By.name("status")))
                        .getFirstSelectedOption()
                        .getAttribute("value"));
        assertEquals(pipeline, driver.findElement(By.name("pipeline")).getAttribute("value"));
    }

    @Test
    void theSearchFindsTextInTheErrorAndTheRunId() {
        driver.get(server.url() + "/?pipeline=" + pipeline + "&q=DIVERGED");
        assertEquals(List.of(failed), shownRunIds());
        driver.get(server.url() + "/?q=" + succeeded.substring(0, 14));
        assertEquals(List.of(succeeded), shownRunIds());
        driver.get(server.url() + "/?q=no-such-text-" + UUID.randomUUID());
        assertEquals(
                "No runs match this filter.",
                driver.findElement(By.cssSelector("#runs .empty")).getText());
    }

    @Test
    void pagesHoldFiftyRunsAndTheirLinksKeepTheFilter() {
        driver.get(server.url() + "/?pipeline=" + manyPipeline);
        assertEquals(RunsListView.PAGE_SIZE, shownRunIds().size());
        assertEquals(0, driver.findElements(By.cssSelector(".pager .prev")).size());
        driver.findElement(By.cssSelector(".pager .next")).click();
        chromium.waitFor(() -> driver.getCurrentUrl().endsWith("page=2"));
        assertEquals(
                List.of("p4-", "p3-", "p2-", "p1-", "p0-"),
                shownRunIds().stream().map(id -> id.substring(0, 3)).toList());
        assertEquals(0, driver.findElements(By.cssSelector(".pager .next")).size());
        driver.findElement(By.cssSelector(".pager .prev")).click();
        chromium.waitFor(() -> !driver.getCurrentUrl().contains("page="));
        assertTrue(driver.getCurrentUrl().contains("pipeline=" + manyPipeline), driver.getCurrentUrl());
        assertEquals(RunsListView.PAGE_SIZE, shownRunIds().size());
    }

    @Test
    void theJsonApiFiltersTheSameWay() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        server.url() + "/api/runs?status=failed&pipeline=" + pipeline + "&q=diverged"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        var runs = dev.tempered.storage.Json.MAPPER.readTree(r.body());
        assertEquals(1, runs.size(), r.body());
        assertEquals(failed, runs.get(0).get("id").asText());
    }

    @Test
    void anUnknownStatusIsA400NamingTheChoices() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/?status=done"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(
                r.body().contains("status &#39;done&#39; is not one of running, succeeded, failed, cancelled, lost")
                        || r.body().contains("status 'done' is not one of running, succeeded, failed, cancelled, lost"),
                r.body());
    }
}
