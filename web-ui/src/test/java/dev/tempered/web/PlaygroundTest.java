package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.testing.StorageFixture;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The playground page and its event stream, with a scripted {@link TextGenerator}: pieces arrive
 * in order while generation runs, hostile prompts and output stay text, bad input gets a 400 that
 * names the field, and a client that goes away stops generation.
 */
class PlaygroundTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    private static ScriptedGenerator generator;
    private static DashboardServer server;
    private static String checkpoint;
    private static Chromium browser;
    /** Generation is an admin's action: every post here carries this session and its CSRF token. */
    private static SignedIn admin;

    @BeforeAll
    static void start() throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("playground"));
        checkpoint =
                seed.textArtifact("checkpoint", "application/octet-stream", "ckpt", Map.of("step", 200, "loss", 3.912));
        // Recorded, as a model that is not a checkpoint is: the route resolves the digest before the generator sees it.
        lineage.recordArtifact(dev.tempered.storage.ArtifactRecord.of(
                new dev.tempered.storage.StoredObject(
                        ScriptedGenerator.NOT_A_CHECKPOINT,
                        1,
                        dev.tempered.storage.ObjectKeys.forDigest(ScriptedGenerator.NOT_A_CHECKPOINT)),
                "tokenizer",
                "application/json",
                Map.of()));
        generator = new ScriptedGenerator();
        server = DashboardServer.start(WebConfig.anyFreePort(), lineage, seed.store, generator);
        admin = SignedIn.as(server, dev.tempered.storage.users.Role.ADMIN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    private static String generateUrl(String model, String prompt, String extra) {
        return server.url() + "/api/playground/generate?model=" + model + "&prompt="
                + URLEncoder.encode(prompt, StandardCharsets.UTF_8) + extra;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The URL's query as a posted form, the way the page sends it, with extra request headers. */
    private static HttpRequest postRequest(String url, Map<String, String> headers) {
        int q = url.indexOf('?');
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.substring(0, q)))
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(url.substring(q + 1)));
        admin.apply(b);
        headers.forEach(b::header);
        return b.build();
    }

    private static HttpResponse<String> post(String url) throws Exception {
        return http.send(postRequest(url, Map.of()), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGetCannotGenerate() throws Exception {
        int before = generator.calls.get();
        HttpResponse<String> r = get(generateUrl(checkpoint, "hi", ""));
        assertEquals(405, r.statusCode(), r.body());
        assertTrue(Json.MAPPER.readTree(r.body()).get("error").asText().contains("POST"), r.body());
        assertEquals(before, generator.calls.get(), "nothing generated");
    }

    @Test
    void aPostFromAnotherSiteIsRefusedAndOneFromThisPageServed() throws Exception {
        int before = generator.calls.get();
        String url = generateUrl(checkpoint, "hi", "&max_tokens=2");
        HttpResponse<String> origin = http.send(
                postRequest(url, Map.of("Origin", "http://evil.example")), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, origin.statusCode(), origin.body());
        assertTrue(origin.body().contains("Origin: http://evil.example"), origin.body());
        HttpResponse<String> fetchMetadata = http.send(
                postRequest(url, Map.of("Sec-Fetch-Site", "cross-site", "Origin", server.url())),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, fetchMetadata.statusCode(), fetchMetadata.body());
        assertEquals(before, generator.calls.get(), "nothing generated for another site");

        HttpResponse<String> own = http.send(
                postRequest(url, Map.of("Origin", server.url(), "Sec-Fetch-Site", "same-origin")),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, own.statusCode(), own.body());
        assertTrue(own.body().contains("event: done"), own.body());
    }

    @Test
    void streamSendsEveryPieceInOrderThenDone() throws Exception {
        HttpResponse<String> r = post(generateUrl(checkpoint, "Once upon", "&max_tokens=9&temperature=0&seed=7"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> texts = new ArrayList<>();
        JsonNode done = null;
        for (String block : r.body().split("\n\n")) {
            String[] lines = block.split("\n");
            JsonNode data = Json.MAPPER.readTree(lines[1].substring("data: ".length()));
            if (lines[0].equals("event: piece")) texts.add(data.get("text").asText());
            else if (lines[0].equals("event: done")) done = data;
        }
        assertEquals(ScriptedGenerator.pieces("Once upon", 9), texts);
        assertEquals(9, done.get("tokens").asInt());
        assertEquals("max_tokens", done.get("stop").asText());
    }

    @Test
    void badInputIsA400NamingTheFieldAndUnknownModelsA404() throws Exception {
        Map<String, String> bad = Map.of(
                "&temperature=9", "temperature='9' must be a number from 0 to 2",
                "&temperature=NaN", "temperature='NaN'",
                "&top_p=0", "top_p='0' must be a number above 0 and at most 1",
                "&top_k=-1", "top_k='-1' must be an integer from 0 to 100000",
                "&max_tokens=100000", "max_tokens='100000' must be an integer from 1 to 512",
                "&seed=x", "seed='x'");
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = post(generateUrl(checkpoint, "hi", e.getKey()));
            assertEquals(400, r.statusCode(), e.getKey());
            assertTrue(Json.MAPPER.readTree(r.body()).get("error").asText().contains(e.getValue()), r.body());
        }
        HttpResponse<String> longPrompt =
                post(generateUrl(checkpoint, "a".repeat(PlaygroundSettings.MAX_PROMPT_CHARS + 1), ""));
        assertEquals(400, longPrompt.statusCode());
        assertTrue(longPrompt.body().contains("prompt is 4001 characters long"), longPrompt.body());
        HttpResponse<String> notDigest = post(generateUrl("55f4xyz", "hi", ""));
        assertEquals(400, notDigest.statusCode());
        assertTrue(
                notDigest.body().contains("query parameter model: '55f4xyz' is not an artifact digest"),
                notDigest.body());
        HttpResponse<String> missing = post(generateUrl(ScriptedGenerator.MISSING, "hi", ""));
        assertEquals(404, missing.statusCode());
        assertTrue(
                missing.body().contains("query parameter model: no artifact " + ScriptedGenerator.MISSING),
                missing.body());
        HttpResponse<String> notCheckpoint = post(generateUrl(ScriptedGenerator.NOT_A_CHECKPOINT, "hi", ""));
        assertEquals(400, notCheckpoint.statusCode());
        assertTrue(notCheckpoint.body().contains("not a checkpoint"), notCheckpoint.body());
        assertEquals(400, get(server.url() + "/playground?model=nope").statusCode());
    }

    @Test
    void theModelMayBeAUniquePrefixOfItsDigest() throws Exception {
        String twelve = checkpoint.substring(0, 12);
        HttpResponse<String> r = post(generateUrl(twelve, "Once upon", "&max_tokens=3&temperature=0&seed=7"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("event: done"), r.body());
        HttpResponse<String> page = get(server.url() + "/playground?model=" + twelve);
        assertEquals(200, page.statusCode());
        assertTrue(
                page.body().contains("<option value=\"" + checkpoint + "\" selected>"),
                "the picker selects the full digest the prefix names");
    }

    @Test
    void aDashboardWithoutAGeneratorSaysSo() throws Exception {
        try (DashboardServer bare = DashboardServer.start(
                WebConfig.anyFreePort(),
                StorageFixture.get().lineage(),
                StorageFixture.get().newArtifactStore("playground-bare"))) {
            HttpResponse<String> page = get(bare.url() + "/playground");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("started without a model server"), page.body());
            HttpResponse<String> api = post(bare.url() + "/api/playground/generate?model=" + checkpoint);
            assertEquals(503, api.statusCode());
        }
    }

    @Test
    void aClientThatGoesAwayStopsGeneration() throws Exception {
        generator.pauseMillis = 20;
        try {
            HttpResponse<InputStream> r = http.send(
                    postRequest(generateUrl(checkpoint, "bye", "&max_tokens=512"), Map.of()),
                    HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
            assertEquals("event: piece", reader.readLine());
            r.body().close();
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!generator.cancelled.get() && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(generator.cancelled.get(), "the generator was told to stop");
            assertTrue(generator.sent.get() < 512, "stopped early: " + generator.sent.get() + " pieces sent");
        } finally {
            generator.pauseMillis = 0;
        }
    }

    @Test
    void browserShowsItsPlaceInTheQueueWhileAnotherPromptGenerates() throws Exception {
        var driver = browser().driver;
        driver.get(server.url() + "/playground?model=" + checkpoint);
        browser.waitFor(
                () -> "true".equals(driver.findElement(By.id("playground")).getAttribute("data-ready")));
        WebElement maxTokens = driver.findElement(By.id("max_tokens"));
        maxTokens.clear();
        maxTokens.sendKeys("3");

        generator.release = new CountDownLatch(1);
        generator.holdAfter = 1;
        // What an earlier test generated must not count as the first prompt's piece.
        generator.sent.set(0);
        CompletableFuture<HttpResponse<String>> first;
        try {
            // Someone else's prompt generates first and holds after its first piece.
            first = http.sendAsync(
                    postRequest(generateUrl(checkpoint, "first", "&max_tokens=4"), Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (generator.sent.get() < 1 && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(1, generator.sent.get(), "the first prompt is generating");

            driver.findElement(By.id("generate")).click();
            browser.waitFor(() ->
                    "queued".equals(driver.findElement(By.id("gen-status")).getAttribute("data-state")));
            assertEquals(
                    "1 ahead of you", driver.findElement(By.id("gen-status")).getText());
            assertEquals("", text("out-text"), "nothing generated for this page yet");
        } finally {
            generator.holdAfter = Integer.MAX_VALUE;
            generator.release.countDown();
        }
        assertTrue(first.get().body().contains("event: done"), first.get().body());
        browser.waitFor(
                () -> "done".equals(driver.findElement(By.id("gen-status")).getAttribute("data-state")));
        assertEquals(
                "3 tokens, stopped by max tokens",
                driver.findElement(By.id("gen-status")).getText());
        assertEquals(String.join("", ScriptedGenerator.pieces("The history of", 3)), text("out-text"));
    }

    @Test
    void theModelPickerNamesThePipelineAndRunThatWroteEachCheckpoint() throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("playground-picker"));
        String model =
                seed.textArtifact("checkpoint", "application/octet-stream", "picked", Map.of("step", 40, "loss", 2.5));
        String run = Seed.runId("picker");
        lineage.beginPipelineRun(run, "picker-demo", Map.of(), null);
        String key = Seed.freshKey();
        var pretrain = seed.start(run, 0, "pretrain", 1, key, Map.of(), List.of());
        lineage.completeStageRun(
                pretrain, List.of(new dev.tempered.storage.NamedDigest("checkpoint", model)), Map.of());
        // A later run that took the stage from the cache reused the checkpoint; it did not write it.
        String rerun = Seed.runId("picker-rerun");
        lineage.beginPipelineRun(rerun, "picker-demo", Map.of(), null);
        seed.cached(
                rerun,
                0,
                "pretrain",
                1,
                key,
                pretrain,
                List.of(new dev.tempered.storage.NamedDigest("checkpoint", model)),
                Map.of());

        var driver = browser().driver;
        driver.get(server.url() + "/playground");
        String label = driver.findElement(By.cssSelector("#model option[value='" + model + "']"))
                .getText();
        assertTrue(
                label.startsWith(model.substring(0, 12) + " · step 40 · loss 2.500 · picker-demo / run " + run
                        + " (pretrain) · "),
                label);
    }

    private static Chromium browser() throws Exception {
        if (browser == null) {
            browser = new Chromium();
            admin.into(browser, server);
        }
        return browser;
    }

    @Test
    void browserStreamsPiecesInOrderAndShowsHostileTextAsText() throws Exception {
        var driver = browser().driver;
        driver.get(server.url() + "/artifacts/" + checkpoint);
        driver.findElement(By.cssSelector("a.playground-link")).click();
        browser.waitFor(() -> driver.getCurrentUrl().endsWith("/playground?model=" + checkpoint));
        assertTrue(
                driver.findElement(By.cssSelector("header.top nav")).getText().contains("Playground"));
        WebElement picked = driver.findElement(By.cssSelector("#model option:checked"));
        assertEquals(checkpoint, picked.getAttribute("value"));
        assertTrue(picked.getText().contains("step 200 · loss 3.912"), picked.getText());
        browser.waitFor(
                () -> "true".equals(driver.findElement(By.id("playground")).getAttribute("data-ready")));

        String prompt = "Hi " + ScriptedGenerator.IMG_PAYLOAD;
        WebElement textarea = driver.findElement(By.id("prompt"));
        textarea.clear();
        textarea.sendKeys(prompt);
        WebElement maxTokens = driver.findElement(By.id("max_tokens"));
        maxTokens.clear();
        maxTokens.sendKeys("8");
        browser.js("window.seen = []; var o = document.getElementById('out-text');"
                + "new MutationObserver(function () { window.seen.push(o.textContent); })"
                + ".observe(o, {childList: true, characterData: true, subtree: true});");
        List<String> expected = ScriptedGenerator.pieces(prompt, 8);

        generator.release = new CountDownLatch(1);
        generator.holdAfter = 2;
        try {
            driver.findElement(By.id("generate")).click();
            browser.waitFor(() -> text("out-text").equals(expected.get(0) + expected.get(1)));
            assertEquals(
                    "running",
                    driver.findElement(By.id("gen-status")).getAttribute("data-state"),
                    "shown while still generating");
        } finally {
            generator.holdAfter = Integer.MAX_VALUE;
            generator.release.countDown();
        }
        browser.waitFor(
                () -> "done".equals(driver.findElement(By.id("gen-status")).getAttribute("data-state")));
        assertEquals(String.join("", expected), text("out-text"));
        assertEquals("8", driver.findElement(By.id("out-text")).getAttribute("data-pieces"));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) browser.js("return window.seen;");
        for (int i = 1; i < seen.size(); i++)
            assertTrue(seen.get(i).startsWith(seen.get(i - 1)), "text only grows: " + seen);
        assertEquals(String.join("", expected), seen.get(seen.size() - 1));
        // At least the held state (the first pieces, checked above while generating) and the end;
        // the browser may coalesce pieces that arrive in one task into one observed change.
        assertTrue(seen.size() >= 2, "arrived in steps: " + seen);
        assertEquals(
                "8 tokens, stopped by max tokens",
                driver.findElement(By.id("gen-status")).getText());

        assertEquals(prompt, text("out-prompt"));
        assertTrue(text("out-text").contains(ScriptedGenerator.IMG_PAYLOAD)
                && text("out-text").contains(ScriptedGenerator.SCRIPT_PAYLOAD));
        assertEquals(0, driver.findElements(By.cssSelector("img")).size(), "no injected <img>");
        assertEquals(
                0,
                driver.findElements(By.cssSelector("#output *:not(#out-prompt):not(#out-text)"))
                        .size(),
                "output holds text only");
        assertEquals(0, driver.findElements(By.xpath("//script[not(@src)]")).size(), "no injected <script>");
        assertNotEquals("pwned", driver.getTitle());
        browser.screenshot("playground.png");

        // A value the server refuses: the 400's message is shown (the browser's own range check is turned off).
        browser.js("document.getElementById('playground').noValidate = true;");
        WebElement temperature = driver.findElement(By.id("temperature"));
        temperature.clear();
        temperature.sendKeys("9");
        driver.findElement(By.id("generate")).click();
        browser.waitFor(
                () -> "error".equals(driver.findElement(By.id("gen-status")).getAttribute("data-state")));
        assertTrue(driver.findElement(By.id("gen-status"))
                .getText()
                .contains("temperature='9' must be a number from 0 to 2"));
        assertTrue(driver.findElement(By.id("generate")).isEnabled(), "ready for the next try");
    }

    private static String text(String id) {
        return (String) browser.js("return document.getElementById(arguments[0]).textContent;", id);
    }
}
