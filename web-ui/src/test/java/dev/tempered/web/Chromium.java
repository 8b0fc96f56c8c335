package dev.tempered.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium for one test class (the flags shared/notes/web.md found necessary). */
final class Chromium implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final Path profile;

    Chromium() throws Exception {
        for (String exe : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(exe))) {
                fail(exe + " is missing: the browser tests need Debian's Chromium and its driver. Install them with "
                        + "`apt-get update && apt-get install -y chromium chromium-driver` (see shared/notes/web.md)");
            }
        }
        profile = Files.createTempDirectory("tempered-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
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
                "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    /** Polls until true; an element replaced by an htmx swap between find and read just means "try again". */
    void waitFor(BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }

    /** Text of the first element matching {@code css}, read in one script call so a concurrent swap cannot split it. */
    String text(String css) {
        return (String)
                js("var e = document.querySelector(arguments[0]); return e == null ? null : e.textContent;", css);
    }

    String attribute(String css, String name) {
        return (String) js(
                "var e = document.querySelector(arguments[0]); return e == null ? null : e.getAttribute(arguments[1]);",
                css,
                name);
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    @Override
    public void close() throws Exception {
        driver.quit();
        try (var paths = Files.walk(profile)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
