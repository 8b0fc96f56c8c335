package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tempered.storage.LineageStore;
import dev.tempered.storage.StageStatus;
import dev.tempered.storage.testing.StorageFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The run page in Chromium lists every stage of the pipeline from the start: those without a
 * stage run as pending while the run runs (they turn into real rows as they start, without a
 * reload) and as not run once it ended before them; the Temporal workflow and run ids are shown;
 * a stage's summary leads with its headline numbers.
 */
class RunPagePendingStagesTest {
    private static Chromium chromium;
    private static ChromeDriver driver;
    private static LineageStore lineage;
    private static Seed seed;
    private static DashboardServer server;

    @BeforeAll
    static void start() throws Exception {
        chromium = new Chromium();
        driver = chromium.driver;
        lineage = StorageFixture.get().lineage();
        seed = new Seed(lineage, StorageFixture.get().newArtifactStore("pending"));
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    static List<String> rows(String attribute) {
        return driver.findElements(By.cssSelector("tr.stage")).stream()
                .map(r -> r.getAttribute(attribute))
                .toList();
    }

    @Test
    void stagesThatHaveNotStartedShowAsPendingThenAsNotRunWhenTheRunFails() {
        String run = Seed.runId("pending");
        Map<String, Object> spec = Map.of(
                "name",
                "three",
                "stages",
                List.of(Map.of("stage", "ingest"), Map.of("stage", "curate"), Map.of("stage", "train-tokenizer")));
        lineage.beginPipelineRun(run, "three", spec, "temporal-run-7");
        var ingest = seed.start(run, 0, "ingest", 1, Seed.freshKey(), Map.of(), List.of());

        driver.get(server.url() + "/runs/" + run);
        assertEquals(List.of("ingest", "curate", "train-tokenizer"), rows("data-stage"));
        assertEquals(List.of("running", "pending", "pending"), rows("data-status"));
        WebElement curate = driver.findElement(By.id("stage-1"));
        assertEquals("pending", curate.findElement(By.cssSelector(".badge")).getText());
        assertEquals(
                "workflow " + run + " · run temporal-run-7",
                driver.findElement(By.cssSelector(".temporal-ids")).getText());

        lineage.completeStageRun(ingest, List.of(), Map.of("pages", 3));
        var curating = seed.start(run, 1, "curate", 1, Seed.freshKey(), Map.of(), List.of());
        chromium.waitFor(() -> rows("data-status").equals(List.of("succeeded", "running", "pending")));

        lineage.endStageRun(curating, StageStatus.FAILED, "no page passed the filters");
        lineage.finishPipelineRun(run, StageStatus.FAILED, "stage curate failed: no page passed the filters");
        chromium.waitFor(() -> rows("data-status").equals(List.of("succeeded", "failed", "not-run")));
        assertEquals(
                "not run",
                driver.findElement(By.id("stage-2"))
                        .findElement(By.cssSelector(".badge"))
                        .getText());
    }

    @Test
    void aStageSummaryLeadsWithItsHeadlineNumbersThenTheRestAlphabetically() {
        String run = Seed.runId("summary");
        lineage.beginPipelineRun(run, "summary", Map.of(), null);
        var pretrain = seed.start(run, 0, "pretrain", 1, Seed.freshKey(), Map.of(), List.of());
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("parameters", 54_000);
        summary.put("steps", 400);
        summary.put("attempt", 1);
        summary.put("final_loss", 3.9121);
        summary.put("final_val_loss", 4.0532);
        summary.put("device", "cpu");
        summary.put("config", Map.of("layers", 2));
        lineage.completeStageRun(pretrain, List.of(), summary);
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);

        driver.get(server.url() + "/runs/" + run);
        List<String> keys = driver.findElements(By.cssSelector("#stage-0 td.summary > dl.kv > dt")).stream()
                .map(WebElement::getText)
                .toList();
        assertEquals(
                List.of("final_loss", "final_val_loss", "steps", "attempt", "config", "device", "parameters"), keys);
    }

    @Test
    void withATemporalWebUiConfiguredTheIdsLinkToTheWorkflowsHistory() throws Exception {
        String run = Seed.runId("linked");
        lineage.beginPipelineRun(run, "linked", Map.of(), "0b8c-run");
        lineage.finishPipelineRun(run, StageStatus.SUCCEEDED, null);
        try (DashboardServer linked = DashboardServer.start(
                new WebConfig("127.0.0.1", 0, List.of(), new TemporalLinks("http://temporal.example:8233/", "ml team")),
                lineage,
                seed.store)) {
            driver.get(linked.url() + "/runs/" + run);
            WebElement link = driver.findElement(By.cssSelector(".temporal-ids a.temporal-link"));
            assertEquals(
                    "http://temporal.example:8233/namespaces/ml%20team/workflows/" + run + "/0b8c-run/history",
                    link.getAttribute("href"));
            assertEquals("workflow " + run + " · run 0b8c-run", link.getText());
        }
        driver.get(server.url() + "/runs/" + run);
        assertEquals(
                0,
                driver.findElements(By.cssSelector(".temporal-ids a")).size(),
                "no Web UI configured: the ids are text");
    }
}
