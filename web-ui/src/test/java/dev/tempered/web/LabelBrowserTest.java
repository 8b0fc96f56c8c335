package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tempered.storage.S3ArtifactStore;
import dev.tempered.storage.labels.LabelProject;
import dev.tempered.storage.labels.LabelStore;
import dev.tempered.storage.labels.NewTask;
import dev.tempered.storage.labels.StoredLabel;
import dev.tempered.storage.testing.StorageFixture;
import dev.tempered.storage.users.PasswordHasher;
import dev.tempered.storage.users.Role;
import dev.tempered.storage.users.User;
import dev.tempered.storage.users.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.interactions.Actions;

/**
 * The labeler's page in Chromium: an unauthenticated visit goes to the login page; after logging in
 * the labeler ranks with the keyboard only (including a tie), writes an ideal answer, submits, and
 * the next task appears; model text holding {@code <img onerror>} and {@code <script>} shows as text
 * and runs nothing.
 */
class LabelBrowserTest {
    private static final String IMG = "<img src=x onerror=\"document.title='pwned';alert(1)\"> #### 4";
    private static final String SCRIPT = "<script>document.title='pwned';alert(2)</script>";

    private static DashboardServer server;
    private static Chromium chromium;
    private static LabelStore labels;
    private static String project;
    private static String name;

    @BeforeAll
    static void start() throws Exception {
        StorageFixture fixture = StorageFixture.get();
        labels = new LabelStore(fixture.dataSource());
        UserStore users = new UserStore(fixture.dataSource(), new PasswordHasher(8, 1, 1));
        server = DashboardServer.start(
                WebConfig.anyFreePort(), fixture.lineage(), S3ArtifactStore.connect(fixture.s3Config("labelui")));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        name = "lab-" + suffix;
        User u = users.create(name, Role.LABELER, "browser-password");
        project = "ui/" + suffix;
        labels.createProject(
                new LabelProject(
                        project,
                        "ui",
                        "# Rank by correctness",
                        3,
                        1,
                        1,
                        1000,
                        Instant.now().plus(Duration.ofDays(1)),
                        true),
                List.of(
                        new NewTask(
                                "What is 2+2?",
                                "#### 4",
                                null,
                                List.of(
                                        new NewTask.NewResponse(IMG, "{}"),
                                        new NewTask.NewResponse(SCRIPT, "{}"),
                                        new NewTask.NewResponse("#### 4", "{}"))),
                        new NewTask(
                                "Second prompt: what is 3+3?",
                                "#### 6",
                                null,
                                List.of(
                                        new NewTask.NewResponse("#### 6", "{}"),
                                        new NewTask.NewResponse("#### 7", "{}"),
                                        new NewTask.NewResponse("six", "{}")))),
                List.of(u.id()));
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    @Test
    void logInRankByKeysWriteAnIdealAnswerSubmitAndSeeTheNextTask() {
        var d = chromium.driver;
        d.get(server.url() + "/label");
        chromium.waitFor(() -> d.getCurrentUrl().endsWith("/label/login"));

        d.findElement(By.id("name")).sendKeys(name);
        d.findElement(By.id("password")).sendKeys("browser-password", Keys.ENTER);
        chromium.waitFor(() -> d.getCurrentUrl().endsWith("/label")
                && d.findElement(By.id("task")).isDisplayed());
        assertEquals("What is 2+2?", d.findElement(By.id("prompt")).getText());

        // Model text is text: the markup is visible as written, no element was made, nothing ran.
        var shown = d.findElements(By.cssSelector("#responses .response pre"));
        assertEquals(IMG, shown.get(0).getText());
        assertEquals(SCRIPT, shown.get(1).getText());
        assertTrue(d.findElements(By.cssSelector("#responses img, #responses script"))
                .isEmpty());
        assertThrows(NoAlertPresentException.class, () -> d.switchTo().alert());
        assertTrue(!d.getTitle().contains("pwned"), d.getTitle());

        // Keyboard only: 3, then 1 tied with it, then 2; i opens the ideal answer, Esc leaves it, Enter submits.
        new Actions(d).sendKeys("3").sendKeys("1").sendKeys("=").sendKeys("2").perform();
        chromium.waitFor(() -> d.findElement(By.id("ranking")).getText().equals("3 = 1 > 2"));
        // r rates: 5 for the first response, Tab, 7 for the second, the third left unrated.
        new Actions(d).sendKeys("r").perform();
        chromium.waitFor(() -> "select".equals(d.switchTo().activeElement().getTagName()));
        new Actions(d)
                .sendKeys("5")
                .sendKeys(Keys.TAB)
                .sendKeys("7")
                .sendKeys(Keys.ESCAPE)
                .perform();
        new Actions(d).sendKeys("i").perform();
        chromium.waitFor(() -> d.switchTo().activeElement().getAttribute("id").equals("ideal"));
        new Actions(d)
                .sendKeys("The answer is 4.\n#### 4")
                .sendKeys(Keys.ESCAPE)
                .sendKeys(Keys.ENTER)
                .perform();

        chromium.waitFor(() -> d.findElement(By.id("prompt")).getText().startsWith("Second prompt"));
        assertEquals("(none yet)", d.findElement(By.id("ranking")).getText());
        assertTrue(d.findElement(By.id("progress")).getText().startsWith("1 of 2"));
        List<StoredLabel> stored = labels.labels(project);
        assertEquals(1, stored.size());
        assertEquals(List.of(List.of(2, 0), List.of(1)), stored.get(0).ranking());
        assertEquals("The answer is 4.\n#### 4", stored.get(0).idealAnswer());
        assertEquals(java.util.Arrays.asList(5, 7, null), stored.get(0).ratings(), "ratings typed on the keyboard");
        assertThrows(NoAlertPresentException.class, () -> d.switchTo().alert());
    }
}
