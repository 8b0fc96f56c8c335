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
 * reload) and as not run once it ended before them; the Temporal workflow and run ids are shown.
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
}
