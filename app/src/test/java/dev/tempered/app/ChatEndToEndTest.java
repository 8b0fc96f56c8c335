package dev.tempered.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tempered.activities.model.serve.TinyChatModels;
import dev.tempered.app.config.TemperedConfig;
import dev.tempered.app.platform.Platform;
import dev.tempered.app.serve.ModelChatResponder;
import dev.tempered.app.serve.ModelTextGenerator;
import dev.tempered.app.serve.RegistryCatalogView;
import dev.tempered.storage.Digests;
import dev.tempered.web.ChatMessage;
import dev.tempered.web.ChatResponder;
import dev.tempered.web.DashboardServer;
import dev.tempered.web.GeneratorException;
import dev.tempered.web.PlaygroundSettings;
import dev.tempered.web.WebConfig;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Chat end to end with the real model and engine on the real embedded platform: a tiny chat model
 * trained in the test and published as an {@code sft} stage's output ({@link TinyChatModels}), then
 * {@code tempered chat --message}, the interactive terminal chat, the dashboard's responder and
 * the Chat page in Chromium, each holding a multi-turn exchange with a calculator call.
 */
class ChatEndToEndTest {
    @TempDir
    static Path root;

    static CliRunner cli;
    static Platform platform;
    static DashboardServer web;
    static ModelChatResponder responder;
    static TinyChatModels.Published model;

    @BeforeAll
    static void start() throws Exception {
        cli = new CliRunner(root);
        TemperedConfig config = TemperedConfig.load(cli.config(), System.getenv())
                .withDataDir(cli.dataDir())
                .withWebPort(0);
        // One platform for the class, recorded in the data directory so the CLI connects to it
        // instead of starting its own embedded services per command.
        platform = Platform.start(config);
        model = TinyChatModels.publish(platform.publisher());
        ModelTextGenerator generator = new ModelTextGenerator(platform.store(), platform.lineage());
        platform.own(generator);
        responder = new ModelChatResponder(platform.store(), platform.lineage());
        platform.own(responder);
        web = DashboardServer.start(
                WebConfig.anyFreePort(),
                platform.lineage(),
                platform.store(),
                generator,
                new RegistryCatalogView(),
                responder);
        platform.own(web);
        platform.publishPlatformFile(web.url());
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void chatMessageAnswersOnStdoutWithTheToolCallOnStderr() {
        CliRunner.Result r =
                cli.run("chat", "--model", model.chat(), "--message", TinyChatModels.ASK_PRODUCT, "--temperature", "0");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(TinyChatModels.PRODUCT_TEXT + "\n", r.out(), "the assistant's text alone on stdout");
        assertTrue(
                r.err()
                        .contains(
                                "[calc] " + TinyChatModels.PRODUCT_CALL + " → " + TinyChatModels.PRODUCT_OUTPUT + "\n"),
                r.err());
        assertTrue(r.err().contains("1 tool call, stopped by assistant end; checkpoint step "), r.err());
    }

    @Test
    void chatRefusesWhatItCannotServeNamingIt() {
        CliRunner.Result base = cli.run("chat", "--model", model.base(), "--message", "hi");
        assertEquals(2, base.exitCode());
        assertTrue(
                base.err()
                        .contains("checkpoint " + model.base()
                                + " is a base model (pretrain); chat needs a chat checkpoint from an sft stage"),
                base.err());

        CliRunner.Result tooLong = cli.run("chat", "--model", model.chat(), "--message", "hi", "--max-tokens", "500");
        assertEquals(2, tooLong.exitCode());
        assertTrue(
                tooLong.err()
                        .matches("(?s).*tempered: --max-tokens 500 is more than the \\d+ tokens the model's"
                                + " context of 128 leaves after the \\d+-token message; ask for at most \\d+ or"
                                + " shorten the message\n.*"),
                tooLong.err());

        CliRunner.Result tokenizerAsModel = cli.run("chat", "--model", model.tokenizer(), "--message", "hi");
        assertEquals(2, tokenizerAsModel.exitCode());
        assertTrue(tokenizerAsModel.err().contains("is a tokenizer, not a checkpoint"), tokenizerAsModel.err());
        String unknown = Digests.sha256Hex("no such chat model".getBytes(StandardCharsets.UTF_8));
        CliRunner.Result missing = cli.run("chat", "--model", unknown, "--message", "hi");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no artifact " + unknown), missing.err());
        CliRunner.Result empty = cli.run("chat", "--model", model.chat(), "--message", " ");
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().contains("--message is empty"), empty.err());
    }

    @Test
    void digestPrefixesAreEnoughAndSampleKeepsToTheContext() {
        String chat = model.chat().substring(0, 12);
        // The tiny "base" here is no real checkpoint; sample continues text with the chat model's
        // weights just as well, and is told the tokenizer by prefix too.
        String tokenizer = model.tokenizer().substring(0, 12);
        CliRunner.Result reply =
                cli.run("chat", "--model", chat, "--message", TinyChatModels.ASK_PRODUCT, "--temperature", "0");
        assertEquals(0, reply.exitCode(), reply.err());
        assertEquals(TinyChatModels.PRODUCT_TEXT + "\n", reply.out());

        CliRunner.Result tooMany =
                cli.run("sample", "--model", chat, "--tokenizer", tokenizer, "--prompt", "The", "--max-tokens", "500");
        assertEquals(0, tooMany.exitCode(), tooMany.err());
        assertTrue(
                tooMany.err()
                        .matches("(?s).*tempered: --max-tokens 500 is more than the (\\d+) tokens the model's 128-token"
                                + " context leaves after the \\d+-token prompt; generating at most \\1\n.*"),
                tooMany.err());

        CliRunner.Result tooLong =
                cli.run("sample", "--model", chat, "--tokenizer", tokenizer, "--prompt", "word ".repeat(200));
        assertEquals(2, tooLong.exitCode());
        assertTrue(
                tooLong.err()
                        .matches("(?s).*tempered: --prompt is \\d+ tokens \\(start token included\\) and the"
                                + " model's context is 128 tokens, leaving no room for a completion; shorten it\n"),
                tooLong.err());

        CliRunner.Result lineage = cli.run("lineage", chat);
        assertEquals(0, lineage.exitCode(), lineage.err());
        assertTrue(lineage.out().startsWith(model.chat() + " checkpoint "), lineage.out());
        CliRunner.Result tooShort = cli.run("lineage", "abc");
        assertEquals(2, tooShort.exitCode());
        assertTrue(tooShort.err().startsWith("tempered: 'abc' is not an artifact digest"), tooShort.err());
    }

    @Test
    void theInteractiveChatKeepsTheConversationResetsAndQuits() {
        String typed = String.join(
                "\n",
                TinyChatModels.ASK_PRODUCT,
                TinyChatModels.ASK_FOLLOW_UP,
                "/reset",
                TinyChatModels.ASK_NAME,
                "/quit",
                TinyChatModels.ASK_NAME,
                "");
        CliRunner.Result r = withStdin(
                typed, () -> cli.run("chat", "--model", model.chat(), "--temperature", "0", "--max-tokens", "40"));
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        String product = "assistant> [calc] " + TinyChatModels.PRODUCT_CALL + " → " + TinyChatModels.PRODUCT_OUTPUT
                + "\n" + TinyChatModels.PRODUCT_TEXT + "\n";
        String followUp = "assistant> [calc] " + TinyChatModels.FOLLOW_UP_CALL + " → " + TinyChatModels.FOLLOW_UP_OUTPUT
                + "\n" + TinyChatModels.FOLLOW_UP_TEXT + "\n";
        assertTrue(out.contains(product), out);
        assertTrue(out.contains(followUp), "the follow-up was answered with the first exchange in view: " + out);
        assertTrue(out.contains("(new conversation)\nyou> assistant> " + TinyChatModels.NAME_TEXT + "\n"), out);
        assertEquals(1, out.split(TinyChatModels.NAME_TEXT, -1).length - 1, "nothing is read after /quit: " + out);

        CliRunner.Result eof = withStdin(
                TinyChatModels.ASK_NAME, () -> cli.run("chat", "--model", model.chat(), "--temperature", "0"));
        assertEquals(0, eof.exitCode(), "end of input leaves: " + eof.err());
        assertTrue(eof.out().contains(TinyChatModels.NAME_TEXT), eof.out());
    }

    @Test
    void theDashboardResponderHoldsAMultiTurnChatWithTheRealEngine() {
        List<ChatMessage> conversation = new ArrayList<>();
        conversation.add(
                new ChatMessage(ChatMessage.USER, List.of(ChatMessage.ChatPart.text(TinyChatModels.ASK_PRODUCT))));
        List<String> events = new ArrayList<>();
        ChatResponder.Events sink = new ChatResponder.Events() {
            @Override
            public void text(String piece) {
                events.add("text:" + piece);
            }

            @Override
            public void toolCall(String input) {
                events.add("call:" + input);
            }

            @Override
            public void toolOutput(String output) {
                events.add("output:" + output);
            }
        };
        PlaygroundSettings greedy = new PlaygroundSettings(512, 0, 0, 1, 0);
        ChatResponder.Reply first = responder.reply(model.chat(), conversation, greedy, sink, () -> true);
        assertEquals("assistant_end", first.stop());
        assertEquals(
                List.of(
                        ChatMessage.ChatPart.toolCall(TinyChatModels.PRODUCT_CALL),
                        ChatMessage.ChatPart.toolOutput(TinyChatModels.PRODUCT_OUTPUT),
                        ChatMessage.ChatPart.text(TinyChatModels.PRODUCT_TEXT)),
                first.message().content());
        assertEquals("call:" + TinyChatModels.PRODUCT_CALL, events.get(0));
        assertEquals("output:" + TinyChatModels.PRODUCT_OUTPUT, events.get(1));
        assertEquals(
                TinyChatModels.PRODUCT_TEXT,
                String.join("", events.subList(2, events.size())).replace("text:", ""));

        conversation.add(first.message());
        conversation.add(
                new ChatMessage(ChatMessage.USER, List.of(ChatMessage.ChatPart.text(TinyChatModels.ASK_FOLLOW_UP))));
        ChatResponder.Reply second =
                responder.reply(model.chat(), conversation, greedy, ChatEventsIgnored.INSTANCE, () -> true);
        assertEquals(
                TinyChatModels.FOLLOW_UP_TEXT,
                second.message().content().get(2).text(),
                "a max tokens above what is left is cut to fit, not refused, on the page");

        try {
            responder.reply(model.base(), conversation, greedy, ChatEventsIgnored.INSTANCE, () -> true);
            fail("a base model is refused");
        } catch (GeneratorException e) {
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("is a base model (pretrain)"), e.getMessage());
        }
    }

    /** The Chat page in Chromium with the real model: two turns, the calculator call shown as a tool block. */
    @Test
    void theChatPageHoldsAMultiTurnExchangeWithARealToolCall() throws Exception {
        for (String exe : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            if (!Files.isExecutable(Path.of(exe)))
                fail(exe + " is missing: install Debian's chromium and chromium-driver (see shared/notes/web.md)");
        }
        Path profile = Files.createTempDirectory("tempered-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        ChromeDriver driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build(),
                options);
        try {
            // Chatting is an admin's action: sign in through the label login page, which returns
            // to the chat page by its next= parameter.
            String admin = "admin-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            new dev.tempered.storage.users.UserStore(platform.lineage().dataSource())
                    .create(admin, dev.tempered.storage.users.Role.ADMIN, "chat-e2e-password");
            driver.get(web.url() + "/label/login?next=/chat");
            driver.findElement(By.id("name")).sendKeys(admin);
            driver.findElement(By.id("password")).sendKeys("chat-e2e-password");
            driver.findElement(By.cssSelector("#login button[type=submit]")).click();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            wait.until(d -> d.getCurrentUrl().endsWith("/chat"));
            wait.until(d -> "true".equals(d.findElement(By.id("chat")).getAttribute("data-ready")));
            List<String> offered = driver.findElements(By.cssSelector("#model option")).stream()
                    .map(o -> o.getAttribute("value"))
                    .toList();
            assertTrue(offered.contains(model.chat()), offered.toString());
            assertFalse(offered.contains(model.base()), "base models are not offered");
            driver.findElement(By.cssSelector("#model option[value='" + model.chat() + "']"))
                    .click();

            send(driver, wait, TinyChatModels.ASK_PRODUCT);
            WebElement tool = driver.findElement(By.cssSelector(".msg-assistant:last-child .tool-call"));
            assertEquals("calc", tool.findElement(By.className("tool-name")).getText());
            assertEquals(
                    TinyChatModels.PRODUCT_CALL,
                    tool.findElement(By.className("tool-input")).getText());
            assertEquals(
                    TinyChatModels.PRODUCT_OUTPUT,
                    tool.findElement(By.className("tool-output")).getText());
            assertEquals(TinyChatModels.PRODUCT_TEXT, lastReplyText(driver));

            send(driver, wait, TinyChatModels.ASK_FOLLOW_UP);
            assertEquals(TinyChatModels.FOLLOW_UP_TEXT, lastReplyText(driver), "the second turn saw the first");
            assertEquals(
                    TinyChatModels.FOLLOW_UP_CALL,
                    driver.findElement(By.cssSelector(".msg-assistant:last-child .tool-input"))
                            .getText());
            assertEquals("4", driver.findElement(By.id("transcript")).getAttribute("data-turns"));
            assertNotEquals("error", driver.findElement(By.id("chat-status")).getAttribute("data-state"));
        } finally {
            driver.quit();
        }
    }

    private static void send(ChromeDriver driver, WebDriverWait wait, String text) {
        int before = driver.findElements(By.cssSelector("#transcript .msg")).size();
        WebElement box = driver.findElement(By.id("message"));
        box.clear();
        box.sendKeys(text);
        driver.findElement(By.id("send")).click();
        wait.until(d -> d.findElements(By.cssSelector("#transcript .msg")).size() == before + 2
                && d.findElement(By.id("send")).isEnabled());
        assertEquals(
                "done",
                driver.findElement(By.id("chat-status")).getAttribute("data-state"),
                driver.findElement(By.id("chat-status")).getText());
    }

    private static String lastReplyText(ChromeDriver driver) {
        return (String) driver.executeScript("var m = document.querySelectorAll('#transcript .msg-assistant');"
                + "return Array.from(m[m.length - 1].querySelectorAll('.msg-text')).map(function (e) {"
                + " return e.textContent; }).join('');");
    }

    private static CliRunner.Result withStdin(String typed, java.util.function.Supplier<CliRunner.Result> run) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(old);
        }
    }

    /** Events nobody watches. */
    private enum ChatEventsIgnored implements ChatResponder.Events {
        INSTANCE;

        @Override
        public void text(String piece) {}

        @Override
        public void toolCall(String input) {}

        @Override
        public void toolOutput(String output) {}
    }
}
