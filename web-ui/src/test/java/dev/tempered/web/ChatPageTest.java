package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.Json;
import dev.tempered.storage.LineageStore;
import dev.tempered.storage.testing.StorageFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Chat page in real Chromium with a scripted {@link ChatResponder}: a multi-turn exchange whose
 * history goes back to the server, a calculator call shown as a tool block, and hostile model text
 * shown as text. Only chat checkpoints are offered; bad requests get a 400 naming the field.
 */
class ChatPageTest {
    private static final HttpClient http = HttpClient.newHttpClient();

    private static ScriptedChatResponder responder;
    private static DashboardServer server;
    private static String chatModel;
    private static String baseModel;
    private static Chromium browser;
    /** Chatting is an admin's action: every post here carries this session and its CSRF token. */
    private static SignedIn admin;

    @BeforeAll
    static void start() throws Exception {
        LineageStore lineage = StorageFixture.get().lineage();
        Seed seed = new Seed(lineage, StorageFixture.get().newArtifactStore("chat-page"));
        baseModel = seed.textArtifact(
                "checkpoint", "application/octet-stream", "base", Map.of("step", 200, "kind", "base"));
        chatModel = seed.textArtifact(
                "checkpoint",
                "application/octet-stream",
                "chat",
                Map.of("step", 60, "kind", "chat", "tokenizer", Seed.freshKey(), "render_version", 1));
        responder = new ScriptedChatResponder();
        server = DashboardServer.start(
                WebConfig.anyFreePort(), lineage, seed.store, null, StageCatalogView.NONE, responder);
        admin = SignedIn.as(server, dev.tempered.storage.users.Role.ADMIN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    private static HttpResponse<String> post(String query, String contentType, String body) throws Exception {
        return http.send(
                admin.apply(HttpRequest.newBuilder(URI.create(server.url() + "/api/chat/reply?" + query)))
                        .header("Accept", "text/event-stream")
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyChatCheckpointsAreOffered() throws Exception {
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/chat")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("value=\"" + chatModel + "\""), "the chat model is offered");
        assertFalse(page.body().contains(baseModel), "a base model is not offered");
        assertTrue(page.body().contains("<a href=\"/chat\">Chat</a>"), "the nav links the page");
    }

    @Test
    void theStreamCarriesToolCallsApartFromTextAndEndsWithTheParsedMessage() throws Exception {
        String body = Json.write(Map.of("messages", List.of(Map.of("role", "user", "content", "What is 12 times 7?"))));
        HttpResponse<String> r = post("model=" + chatModel + "&temperature=0", "application/json", body);
        assertEquals(200, r.statusCode(), r.body());
        String[] blocks = r.body().split("\n\n");
        assertEquals("event: tool_call\ndata: {\"input\":\"12*7\"}", blocks[0]);
        assertEquals("event: tool_output\ndata: {\"output\":\"84\"}", blocks[1]);
        assertEquals("event: text\ndata: {\"text\":\"12 times 7 is 84.\"}", blocks[2]);
        assertTrue(blocks[3].startsWith("event: done\n"), blocks[3]);
        var done = Json.MAPPER.readTree(blocks[3].substring(blocks[3].indexOf("data: ") + 6));
        assertEquals("assistant", done.get("message").get("role").asText());
        assertEquals(
                "tool_call",
                done.get("message").get("content").get(0).get("type").asText());
        assertEquals("assistant_end", done.get("stop").asText());
    }

    @Test
    void badRequestsAreRefusedNamingWhatIsWrong() throws Exception {
        String ok = Json.write(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));
        Map<String, String> bad = Map.of(
                Json.write(Map.of("messages", List.of(Map.of("role", "assistant", "content", "hi")))),
                "messages[0].role is 'assistant' but 'user' was expected",
                Json.write(Map.of(
                        "messages",
                        List.of(
                                Map.of("role", "user", "content", "hi"),
                                Map.of("role", "assistant", "content", "hello")))),
                "the conversation sent must end with the user's message",
                Json.write(Map.of(
                        "messages",
                        List.of(Map.of("role", "user", "content", List.of(Map.of("type", "image", "url", "x")))))),
                "messages[0].content[0].type is 'image'",
                "{\"messages\": [",
                "the chat request body is not JSON");
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = post("model=" + chatModel, "application/json", e.getKey());
            assertEquals(400, r.statusCode(), e.getKey());
            assertTrue(
                    r.body().contains(e.getValue().replace("'", "\\u0027"))
                            || r.body().contains(e.getValue()),
                    r.body());
        }
        assertEquals(415, post("model=" + chatModel, "text/plain", ok).statusCode(), "a form post is refused");
        HttpResponse<String> temperature = post("model=" + chatModel + "&temperature=9", "application/json", ok);
        assertEquals(400, temperature.statusCode());
        assertTrue(temperature.body().contains("temperature='9' must be a number from 0 to 2"), temperature.body());
        HttpResponse<String> missing = post("model=" + ScriptedChatResponder.MISSING, "application/json", ok);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no artifact " + ScriptedChatResponder.MISSING), missing.body());
    }

    @Test
    void aDashboardWithoutAModelServerSaysSo() throws Exception {
        try (DashboardServer bare = DashboardServer.start(
                WebConfig.anyFreePort(),
                StorageFixture.get().lineage(),
                StorageFixture.get().newArtifactStore("chat-bare"))) {
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(bare.url() + "/chat")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("chat needs the full platform"), page.body());
            HttpResponse<String> api = http.send(
                    admin.apply(HttpRequest.newBuilder(URI.create(bare.url() + "/api/chat/reply?model=" + chatModel)))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, api.statusCode());
        }
    }

    @Test
    void browserHoldsAMultiTurnChatWithToolBlocksAndShowsHostileRepliesAsText() throws Exception {
        browser = new Chromium();
        admin.into(browser, server);
        var driver = browser.driver;
        driver.get(server.url() + "/chat?model=" + chatModel);
        browser.waitFor(() -> "true".equals(driver.findElement(By.id("chat")).getAttribute("data-ready")));
        assertEquals(
                chatModel,
                driver.findElement(By.cssSelector("#model option:checked")).getAttribute("value"));

        send("Hello there");
        assertEquals("You said «Hello there» (turn 1)", lastReplyText());

        send("What is 12 times 7?");
        WebElement tool = driver.findElement(By.cssSelector(".msg-assistant:last-child .tool-call"));
        assertEquals("calc", tool.findElement(By.className("tool-name")).getText());
        assertEquals("12*7", tool.findElement(By.className("tool-input")).getText());
        assertEquals("84", tool.findElement(By.className("tool-output")).getText());
        assertEquals("12 times 7 is 84.", lastReplyText());

        send("And a third turn");
        assertEquals("You said «And a third turn» (turn 3)", lastReplyText(), "the whole history went back");
        List<ChatMessage> sent = responder.lastRequest.get();
        assertEquals(5, sent.size());
        assertEquals(
                List.of(
                        ChatMessage.ChatPart.toolCall("12*7"),
                        ChatMessage.ChatPart.toolOutput("84"),
                        ChatMessage.ChatPart.text("12 times 7 is 84.")),
                sent.get(3).content(),
                "the tool call went back as a tool call, not as text");

        send("show me a script " + ScriptedChatResponder.IMG_PAYLOAD);
        assertEquals(
                "Here: " + ScriptedChatResponder.SCRIPT_PAYLOAD + " and " + ScriptedChatResponder.IMG_PAYLOAD,
                lastReplyText());
        assertTrue(browser.text(".msg-user:nth-last-child(2) .msg-text").contains(ScriptedChatResponder.IMG_PAYLOAD));
        assertEquals(
                0,
                driver.findElements(By.cssSelector("#transcript img, #transcript script"))
                        .size(),
                "no injected element");
        assertEquals(0, driver.findElements(By.xpath("//script[not(@src)]")).size(), "no injected <script>");
        assertEquals(0, driver.findElements(By.cssSelector("img")).size(), "no injected <img>");
        assertNotEquals("pwned", driver.getTitle());
        // The control: the very same reply, parsed as HTML (without running it), does make the elements.
        assertEquals(
                2L,
                browser.js(
                        "return new DOMParser().parseFromString(arguments[0], 'text/html')"
                                + ".querySelectorAll('img, script').length;",
                        lastReplyText()),
                "the reply is hostile markup when parsed as HTML");
        browser.screenshot("chat.png");

        driver.findElement(By.id("reset")).click();
        assertEquals(0, driver.findElements(By.cssSelector("#transcript .msg")).size());
        send("Fresh start");
        assertEquals("You said «Fresh start» (turn 1)", lastReplyText(), "reset forgot the history");
    }

    private void send(String text) {
        var driver = browser.driver;
        int before = driver.findElements(By.cssSelector("#transcript .msg")).size();
        WebElement box = driver.findElement(By.id("message"));
        box.clear();
        box.sendKeys(text);
        driver.findElement(By.id("send")).click();
        browser.waitFor(
                () -> driver.findElements(By.cssSelector("#transcript .msg")).size() == before + 2
                        && "done"
                                .equals(driver.findElement(By.id("chat-status")).getAttribute("data-state"))
                        && driver.findElement(By.id("send")).isEnabled());
    }

    private String lastReplyText() {
        return (String) browser.js("var m = document.querySelectorAll('#transcript .msg-assistant');"
                + "return Array.from(m[m.length - 1].querySelectorAll('.msg-text')).map(function (e) {"
                + " return e.textContent; }).join('');");
    }
}
