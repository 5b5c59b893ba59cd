package dev.visiongateway.playground;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The playground as a test drives it: through its controls, as a user would, waiting for what the page shows. */
final class PlaygroundPage {

    /** Long enough for a Tesseract run on a loaded two-core machine; a wait, not a measured time. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final WebDriver driver;
    private final WebDriverWait wait;

    private PlaygroundPage(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, PATIENCE);
    }

    /** Opens the page and waits until the model list of the checked operation has loaded. */
    static PlaygroundPage open(WebDriver driver, URI root) {
        driver.get(root.toString());
        PlaygroundPage page = new PlaygroundPage(driver);
        page.waitForModelsOf("describe");
        return page;
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Picks files as the file dialog would; the images appear in the list. */
    PlaygroundPage upload(Path... files) {
        int before = findAll("#images > li").size();
        find("#files").sendKeys(Arrays.stream(files).map(file -> file.toAbsolutePath().toString())
                .collect(Collectors.joining("\n")));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#images > li"), before + files.length));
        return this;
    }

    /** Checks an operation's radio button with the keyboard, and waits for its models. */
    PlaygroundPage operation(String operation) {
        find("input[name=operation][value=" + operation + "]").sendKeys(" ");
        waitForModelsOf(operation);
        return this;
    }

    PlaygroundPage model(String id) {
        new Select(find("#model")).selectByValue(id);
        return this;
    }

    List<String> modelOptions() {
        return new Select(find("#model")).getOptions().stream().map(WebElement::getText).toList();
    }

    /**
     * Records the answer's text at every change, with the state the page was in, so that a test can tell text that
     * streamed in from text set at once.
     */
    PlaygroundPage recordAnswer() {
        js("window.answerChanges = [];"
                + "new MutationObserver(() => window.answerChanges.push({"
                + "  state: document.getElementById('run-status').dataset.state,"
                + "  text: document.getElementById('answer').textContent}))"
                + ".observe(document.getElementById('answer'), {childList: true, characterData: true, subtree: true});");
        return this;
    }

    @SuppressWarnings("unchecked")
    List<java.util.Map<String, String>> answerChanges() {
        return (List<java.util.Map<String, String>>) js("return window.answerChanges;");
    }

    void run() {
        find("#run").click();
    }

    /** Waits until the page shows the answer's end: done, stopped or failed; returns which. */
    String waitUntilFinished() {
        wait.until(driver -> List.of("done", "stopped", "failed").contains(state()));
        return state();
    }

    void waitUntilAnswerContains(String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer"), text));
    }

    String state() {
        return find("#run-status").getDomAttribute("data-state");
    }

    String status() {
        return find("#run-status").getText();
    }

    String answer() {
        return (String) js("return document.getElementById('answer').textContent;");
    }

    /** The list item of image {@code number} (1-based), with its report. */
    WebElement image(int number) {
        return find("#images > li:nth-child(" + number + ")");
    }

    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    private void waitForModelsOf(String operation) {
        wait.until(driver -> operation.equals(find("#model").getDomAttribute("data-operation")));
    }
}
