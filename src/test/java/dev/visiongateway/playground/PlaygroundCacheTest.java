package dev.visiongateway.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.visiongateway.support.AnswerCacheOn;
import dev.visiongateway.support.TextImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The playground says when an answer came from the answer cache (docs/ARCHITECTURE.md rule 22), in a real browser. */
@QuarkusTest
@TestProfile(AnswerCacheOn.class)
class PlaygroundCacheTest {

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
    void theSecondReadingOfAnImageComesFromTheCacheAndSaysSo() throws IOException {
        Path image = files.resolve("note.png");
        Files.write(image, TextImages.draw(List.of("Cached once, read twice"), "SansSerif", 24, 0, 0).png());
        PlaygroundPage page = PlaygroundPage.open(browser.driver, root);
        page.upload(image).operation("ocr");
        page.model("local/ocr");

        page.run();
        assertThat(page.waitUntilFinished()).as(page.status()).isEqualTo("done");
        assertThat(page.status()).startsWith("Done with local/ocr");
        String first = page.answer();

        page.run();
        assertThat(page.waitUntilFinished()).as(page.status()).isEqualTo("done");
        assertThat(page.status()).startsWith("From the answer cache: local/ocr answered this question");
        assertThat(page.answer()).isEqualTo(first);
    }
}
