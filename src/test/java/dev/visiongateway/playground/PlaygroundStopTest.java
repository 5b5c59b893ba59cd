package dev.visiongateway.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouter.Event;
import dev.visiongateway.support.ScriptedRouter.Pause;
import dev.visiongateway.support.ScriptedRouterResource;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The playground's Stop button ends the stream in the browser, and with it the gateway's call to the router
 * (docs/ARCHITECTURE.md rule 10 and section 9), on the scripted router, which sees its connection closed.
 */
@QuarkusTest
@WithTestResource(ScriptedRouterResource.class)
class PlaygroundStopTest {

    private static final int CHUNKS = 40;

    private static Browser browser;

    @TempDir
    static Path files;

    @TestHTTPResource("/")
    URI root;

    @InjectScriptedRouter
    ScriptedRouter router;

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
    void stopEndsTheStreamAndTheRouterCall() throws Exception {
        PlaygroundPage page = startASlowAnswer();

        assertThat(page.find("#stop").isEnabled()).isTrue();
        page.find("#stop").click();

        assertThat(page.waitUntilFinished()).isEqualTo("stopped");
        router.closedByGateway.get(10, TimeUnit.SECONDS);
        assertThat(router.sentNanos.size()).as("chunks the router sent before its call was cancelled")
                .isLessThan(CHUNKS);
        String kept = page.answer();
        assertThat(kept).startsWith("part1 ").doesNotContain("part" + CHUNKS + " ");
        assertThat(page.find("#stop").isEnabled()).isFalse();
        assertThat(page.find("#run").isEnabled()).isTrue();
        // the keyboard lands back on Run, the button that now does something
        assertThat(page.js("return document.activeElement.id")).isEqualTo("run");
        assertThat(page.find("#answer").getDomAttribute("aria-busy")).isEqualTo("false");
    }

    @Test
    void escapeStopsItFromTheKeyboard() throws Exception {
        PlaygroundPage page = startASlowAnswer();

        // Run handed the focus to Stop when it started; Esc, wherever the focus is, stops
        assertThat(page.js("return document.activeElement.id")).isEqualTo("stop");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);

        assertThat(page.waitUntilFinished()).isEqualTo("stopped");
        router.closedByGateway.get(10, TimeUnit.SECONDS);
        assertThat(router.sentNanos.size()).isLessThan(CHUNKS);
    }

    /** Runs a describe on a router that sends a piece of text every 250 ms, until the first piece is shown. */
    private PlaygroundPage startASlowAnswer() throws IOException {
        List<ScriptedRouter.Step> steps = new ArrayList<>();
        for (int i = 1; i <= CHUNKS; i++) {
            steps.add(chunk("part" + i + " "));
            steps.add(new Pause(250));
        }
        steps.add(new Event("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
        steps.add(new Event("[DONE]"));
        router.script(steps.toArray(ScriptedRouter.Step[]::new));
        Path image = Files.write(files.resolve("red.png"), TestImages.png(120, 80, Color.RED));
        PlaygroundPage page = PlaygroundPage.open(browser.driver, root);
        page.upload(image).run();
        page.waitUntilAnswerContains("part1 ");
        return page;
    }

    private static Event chunk(String text) {
        return new Event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"" + text + "\"},\"finish_reason\":null}]}");
    }
}
