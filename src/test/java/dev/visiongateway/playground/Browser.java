package dev.visiongateway.playground;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium, driven by chromedriver: Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs (Google Chrome and its driver, as on GitHub's runners, work too). Both are found on the
 * PATH, or named by {@code CHROMIUM} and {@code CHROMEDRIVER}; when either is missing the tests fail, saying how to
 * install it. The binaries are given to Selenium, so that it never tries to download a browser.
 */
final class Browser implements AutoCloseable {

    static final Dimension DESKTOP = new Dimension(1280, 1000);

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    static Browser start() {
        Path chromium = executable("CHROMIUM", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
        Path chromedriver = executable("CHROMEDRIVER", "chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // --no-sandbox: CI machines run the tests as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--lang=en-US", "--force-device-scale-factor=1",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    /** What the pages wrote to the console, and what the browser reported (CSP violations, failed loads). */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    /** The whole page, not only the window: Chromium's DevTools capture beyond the viewport. */
    void screenshot(Path... targets) {
        // from the top, where the sticky answer panel sits
        driver.executeScript("window.scrollTo(0, 0)");
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Number> content = (Map<String, Number>) metrics.get("cssContentSize");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "scale", 1,
                        "width", content.get("width"), "height", content.get("height"))));
        byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
        for (Path target : targets) {
            try {
                Files.createDirectories(target.toAbsolutePath().getParent());
                Files.write(target, png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Path executable(String variable, String... names) {
        String named = System.getenv(variable);
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named);
            if (!Files.isExecutable(path)) {
                throw new AssertionError(variable + "=" + named + " is not an executable file.");
            }
            return path;
        }
        // GitHub's Ubuntu runners name their chromedriver's folder in CHROMEWEBDRIVER
        String folders = System.getenv().getOrDefault("PATH", "") + File.pathSeparator
                + System.getenv().getOrDefault("CHROMEWEBDRIVER", "");
        Optional<Path> found = Stream.of(folders.split(File.pathSeparator))
                .filter(folder -> !folder.isEmpty())
                .flatMap(folder -> Stream.of(names).map(name -> Path.of(folder, name)))
                .filter(Files::isExecutable)
                .findFirst();
        return found.orElseThrow(() -> new AssertionError("The browser tests need " + String.join(" or ", names)
                + " on the PATH and found none: install Debian's chromium and chromium-driver"
                + " (apt-get install chromium chromium-driver; .ci/run does it), or name the binary in " + variable
                + "."));
    }
}
