package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.testing.StorageFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The probe page in a real headless Chromium: filter links narrow the table, and model text stays text. */
class ProbePageBrowserTest {
    private static Chromium chromium;
    private static DashboardServer server;
    private static String probe;

    @BeforeAll
    static void start() throws Exception {
        chromium = new Chromium();
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("probe-browser"));
        String model = seed.textArtifact("checkpoint", "application/octet-stream", "sft", Map.of("kind", "chat"));
        Map<String, Object> doc = new LinkedHashMap<>(ProbeFixture.results(model, null, null, 230));
        doc.put("nonce", UUID.randomUUID().toString());
        probe = seed.artifact("probe-results", "application/json", Json.writeBytes(doc), Map.of());
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    @SuppressWarnings("unchecked")
    private static List<String> classifications() {
        return (List<String>) chromium.js("return Array.from(document.querySelectorAll('tr.probe-item'))"
                + ".map(function (r) { return r.getAttribute('data-classification'); });");
    }

    @Test
    void filterLinksNarrowTheTableAndKeepEachOther() throws Exception {
        chromium.driver.get(server.url() + "/probes/" + probe.substring(0, 12));
        assertEquals(100, classifications().size(), "the first page of 230 questions");

        chromium.driver
                .findElement(By.cssSelector("a[data-filter='classification'][data-value='unknown']"))
                .click();
        chromium.waitFor(() -> chromium.driver.getCurrentUrl().contains("classification=unknown"));
        List<String> unknown = classifications();
        assertEquals(93, unknown.size());
        assertTrue(unknown.stream().allMatch("unknown"::equals), unknown.toString());

        chromium.driver
                .findElement(By.cssSelector("a[data-filter='verdict'][data-value='refused']"))
                .click();
        chromium.waitFor(() -> chromium.driver.getCurrentUrl().contains("verdict=refused"));
        assertEquals(47, classifications().size(), "unknown questions with at least one refusal");
        assertEquals(
                "47", chromium.text("a.filter.active[data-filter='verdict'] .filter-count"), "the active link's count");
        chromium.screenshot("probe-filtered.png");
    }

    @Test
    void verdictsAreColouredAndAnAnswerHoldingAScriptTagIsText() {
        chromium.driver.get(server.url() + "/probes/" + probe);
        assertEquals(
                "rgb(207, 34, 46)",
                chromium.js("return getComputedStyle(document.querySelector('.verdict-wrong')).color;"),
                "wrong answers are labelled in the failure colour");
        Object texts = chromium.js("return Array.from(document.querySelectorAll('.answer-text'))"
                + ".map(function (e) { return e.textContent; });");
        assertTrue(((List<?>) texts).contains(ProbeFixture.HOSTILE_ANSWER), "shown verbatim as text");
        assertEquals(0L, chromium.js("return document.querySelectorAll('ol.answers script').length;"));
        assertFalse(chromium.driver.getTitle().contains("pwned"));
    }
}
