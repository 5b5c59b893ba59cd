package dev.visiongateway.playground;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import dev.visiongateway.support.OcrSamples;
import dev.visiongateway.support.SceneImages;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.support.TextImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The playground in a real browser, offline (no router: the {@code local/*} models answer), driven like a user
 * drives it (docs/ARCHITECTURE.md section 9).
 */
@QuarkusTest
class PlaygroundTest {

    /** Where the README's screenshot is written, besides target/: {@code -Dplayground.screenshot=docs/playground.png}. */
    private static final String SCREENSHOT_PROPERTY = "playground.screenshot";

    private static Browser browser;

    @TempDir
    static Path files;

    @TestHTTPResource("/")
    URI root;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void offlineOcrStreamsTheTextOfADrawnImageIntoThePage() throws IOException {
        List<String> lines = List.of("Invoice 2024-117: total due EUR 1,284.50", "Payable by 15 March to account 4021.");
        TextImages.Drawn drawn = TextImages.draw(lines, "SansSerif", 24, 0, 0);
        Path image = write("invoice.png", drawn.png());
        PlaygroundPage page = PlaygroundPage.open(browser.driver, root);

        page.upload(image).operation("ocr");
        assertThat(page.modelOptions()).contains("local/ocr · local");
        page.model("local/ocr").recordAnswer();
        // run from the keyboard: Enter in a text field submits the form
        page.find("#language").sendKeys("en", Keys.ENTER);

        assertThat(page.waitUntilFinished()).as(page.status()).isEqualTo("done");
        assertThat(OcrSamples.characterErrorRate(page.answer(), String.join("\n", lines))).as(page.answer())
                .isLessThan(0.05);
        // the text arrived through delta events, after meta had switched the page to streaming
        List<Map<String, String>> changes = page.answerChanges();
        assertThat(changes).isNotEmpty();
        assertThat(changes.get(0).get("state")).isEqualTo("streaming");
        assertThat(changes.get(changes.size() - 1).get("text")).isEqualTo(page.answer());
        assertThat(page.status()).contains("local/ocr");
        String report = page.image(1).getText();
        assertThat(report).contains("invoice.png").contains("Sent")
                .contains("PNG, " + drawn.image().getWidth() + " × " + drawn.image().getHeight())
                .contains("sent as is");
    }

    @Test
    void compareOfTwoImagesShowsTheAnswerAndBothReports() throws IOException {
        BufferedImage scene = SceneImages.scene(7, 640, 480);
        BufferedImage changed = copy(scene);
        Graphics2D graphics = changed.createGraphics();
        graphics.setColor(new Color(200, 30, 30));
        graphics.fillRect(420, 300, 90, 70);
        graphics.dispose();
        Path before = write("before.png", encode(scene, "png"));
        Path after = write("after.jpg", encode(changed, "jpeg"));
        PlaygroundPage page = PlaygroundPage.open(browser.driver, root);

        page.upload(before, after).operation("compare");
        page.find("#prompt").sendKeys("What changed?");
        page.run();

        assertThat(page.waitUntilFinished()).as(page.status()).isEqualTo("done");
        assertThat(page.answer()).contains("Image 2 compared with image 1");
        assertThat(page.status()).contains("local/vision");
        assertThat(page.image(1).getText()).contains("before.png").contains("Sent").contains("PNG, 640 × 480");
        assertThat(page.image(2).getText()).contains("after.jpg").contains("Sent").contains("JPEG, 640 × 480");
        assertThat(browser.console()).as("browser console").noneMatch(line -> line.contains("Content Security Policy"));

        Path shot = Path.of("target/playground.png");
        browser.screenshot(shot);
        String wanted = System.getProperty(SCREENSHOT_PROPERTY);
        if (wanted != null && !wanted.isBlank()) {
            browser.screenshot(Path.of(wanted));
        }
        assertThat(ImageIO.read(shot.toFile())).as("the screenshot, read back").isNotNull();
    }

    @Test
    void droppedPastedAndLinkedImagesAreComparedTogether() {
        String red = Base64.getEncoder().encodeToString(TestImages.png(200, 150, Color.RED));
        String blue = Base64.getEncoder().encodeToString(TestImages.jpeg(200, 150, Color.BLUE));
        PlaygroundPage page = PlaygroundPage.open(browser.driver, root);

        // a drop on the zone and a paste anywhere, as the browser dispatches them, each carrying a file
        page.js("""
                const file = (name, type, base64) =>
                    new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type });
                const dropped = new DataTransfer();
                dropped.items.add(file('dropped.png', 'image/png', arguments[0]));
                document.getElementById('dropzone').dispatchEvent(
                    new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
                const pasted = new DataTransfer();
                pasted.items.add(file('pasted.jpg', 'image/jpeg', arguments[1]));
                document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true }));
                """, red, blue);
        // and a URL, added with Enter in its field
        page.find("#url").sendKeys(TestImages.pngDataUrl(200, 150), Keys.ENTER);
        assertThat(page.findAll("#images > li")).hasSize(3);
        page.operation("compare").run();

        assertThat(page.waitUntilFinished()).as(page.status()).isEqualTo("done");
        assertThat(page.answer()).contains("Image 2 compared with image 1").contains("Image 3 compared with image 1");
        assertThat(page.image(1).getText()).contains("dropped.png").contains("PNG, 200 × 150");
        assertThat(page.image(2).getText()).contains("pasted.jpg").contains("JPEG, 200 × 150");
        assertThat(page.image(3).getText()).contains("data: URL").contains("PNG, 200 × 150");
    }

    @Test
    void aFileThatIsNotAnImageShowsThe415ProblemBesideThePicker() throws IOException {
        byte[] notes = "Shopping list: milk, eggs.\n".getBytes(StandardCharsets.UTF_8);
        Path file = write("notes.txt", notes);
        // what the gateway answers this upload, asked directly
        String detail = given().multiPart("image", "notes.txt", notes, "text/plain")
                .when().post("/v1/describe")
                .then().statusCode(415).extract().path("detail");
        PlaygroundPage page = PlaygroundPage.open(browser.driver, root);

        page.upload(file).run();

        assertThat(page.waitUntilFinished()).isEqualTo("failed");
        WebElement beside = page.find("#files-error");
        assertThat(beside.isDisplayed()).isTrue();
        assertThat(beside.getText()).contains(detail).contains("415 unsupported_format");
        assertThat(page.find("#files").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.js("return document.activeElement.id")).isEqualTo("files");
        assertThat(page.image(1).getDomAttribute("class")).contains("invalid");
        assertThat(page.find("#problem").isDisplayed()).isFalse();
    }

    @Test
    void everyControlHasANameAndThePageFitsAPhone() throws IOException {
        Path image = write("small.png", encode(SceneImages.scene(3, 1200, 900), "png"));
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        try {
            PlaygroundPage page = PlaygroundPage.open(browser.driver, root);
            page.upload(image).run();
            assertThat(page.waitUntilFinished()).as(page.status()).isEqualTo("done");

            for (WebElement control : page.findAll("input, select, textarea, button")) {
                if (!control.isDisplayed()) {
                    continue;
                }
                assertThat(control.getAccessibleName()).as("name of %s#%s", control.getTagName(),
                        control.getDomAttribute("id")).isNotBlank();
            }
            assertThat(page.find("#answer").getDomAttribute("aria-live")).isEqualTo("polite");
            assertThat(page.find("#run-status").getDomAttribute("role")).isEqualTo("status");
            // nothing wider than the phone's screen: no sideways scrolling
            assertThat((Long) page.js("return document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo((Long) page.js("return document.documentElement.clientWidth"));
            browser.screenshot(Path.of("target/playground-phone.png"));
        } finally {
            browser.driver.manage().window().setSize(Browser.DESKTOP);
        }
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(files.resolve(name), bytes);
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = copy.createGraphics();
        graphics.drawImage(image, 0, 0, null);
        graphics.dispose();
        return copy;
    }
}
