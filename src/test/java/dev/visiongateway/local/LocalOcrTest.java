package dev.visiongateway.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.support.OcrSamples;
import dev.visiongateway.support.SseEvents;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.support.TextImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * {@code local/ocr} with no router configured: the default model of {@code POST /v1/ocr}, reading real text
 * images drawn by the test in three formats, streamed or not.
 */
@QuarkusTest
class LocalOcrTest {

    private static final Logger LOG = Logger.getLogger(LocalOcrTest.class);

    /**
     * Bound on the mean character error rate over the test set, and on any one image. Measured on this set:
     * mean 0.0067, worst 0.035 (Tesseract 5.3, eng, --psm 6; with --psm 3, before lines were ordered from their
     * boxes, 0.004 and 0.024); the bounds leave room for other Tesseract builds.
     */
    private static final double MAX_MEAN_CER = 0.03;
    private static final double MAX_IMAGE_CER = 0.10;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsTheTestSetWithACharacterErrorRateBelowTheBound() {
        List<Double> rates = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        for (OcrSamples.Sample sample : OcrSamples.all()) {
            long start = System.nanoTime();
            String text = ocr(sample.drawn().png(), Map.of("language", "en")).statusCode(200)
                    .body("model", equalTo("local/ocr"))
                    .body("finish_reason", equalTo("stop"))
                    .extract().path("text");
            millis.add((System.nanoTime() - start) / 1_000_000);
            double rate = OcrSamples.characterErrorRate(text, sample.text());
            LOG.infof("OCR %-28s CER %.3f in %d ms", sample.name(), rate, millis.get(millis.size() - 1));
            assertThat(rate).as("CER of %s, read as: %s", sample.name(), text).isLessThan(MAX_IMAGE_CER);
            rates.add(rate);
        }
        double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        LOG.infof("OCR test set: %d images, mean CER %.4f, worst %.3f, median %d ms per image", rates.size(), mean,
                rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                millis.stream().sorted().toList().get(millis.size() / 2));
        assertThat(mean).isLessThan(MAX_MEAN_CER);
    }

    @Test
    void textKeepsLinesAndMarkdownKeepsParagraphs() {
        OcrSamples.Sample page = OcrSamples.page();
        String text = ocr(page.drawn().png(), Map.of()).statusCode(200).extract().path("text");
        assertThat(text.split("\n\n")).hasSize(3);
        assertThat(text.split("\n\n")[0].split("\n")).hasSize(2);

        String markdown = ocr(page.drawn().png(), Map.of("format", "markdown")).statusCode(200).extract().path("text");
        String[] paragraphs = markdown.split("\n\n");
        assertThat(paragraphs).hasSize(3);
        assertThat(paragraphs[1]).startsWith("The second paragraph follows an empty line.").doesNotContain("\n");
        assertThat(paragraphs[2]).startsWith("Totals: 17 items");
    }

    @Test
    void jsonGivesEveryLineWithItsConfidenceAndTheBoxWhereItWasDrawn() throws Exception {
        TextImages.Drawn drawn = TextImages.draw(List.of("Shipping label", "Parcel 7731 to Hamburg"), "SansSerif",
                28, 0, 10);
        String text = ocr(drawn.png(), Map.of("format", "json")).statusCode(200).extract().path("text");

        JsonNode image = json.readTree(text).path("images").get(0);
        assertThat(image.path("index").asInt()).isEqualTo(1);
        assertThat(image.path("language").asText()).isEqualTo("eng");
        JsonNode lines = image.path("lines");
        assertThat(lines).hasSize(2);
        JsonNode parcel = lines.get(1);
        assertThat(parcel.path("text").asText()).isEqualTo("Parcel 7731 to Hamburg");
        assertThat(parcel.path("confidence").asDouble()).isBetween(0.8, 1.0);
        Rectangle box = new Rectangle(parcel.path("box").path("x").asInt(), parcel.path("box").path("y").asInt(),
                parcel.path("box").path("width").asInt(), parcel.path("box").path("height").asInt());
        Rectangle hamburg = drawn.words().stream().filter(word -> word.text().equals("Hamburg")).findFirst()
                .orElseThrow().box();
        // the drawn box spans the font's ascent and descent; Tesseract's hugs the glyphs
        assertThat(grown(box, 4).contains(hamburg.x + hamburg.width - 1, hamburg.y + hamburg.height / 2)).isTrue();
        assertThat(box.intersection(hamburg).height).isGreaterThan(hamburg.height / 2);
        assertThat(box.height).isLessThan(2 * hamburg.height);
        assertThat(Math.abs(box.x - drawn.words().get(2).box().x)).as("line starts at 'Parcel'").isLessThan(6);
    }

    @Test
    void boxesAreInTheClientsPixelsForAnImageWiderThanTheRoutersSize() throws Exception {
        // 3000 px wide: past the 2048 px the intake shrinks router images to, so a box in shrunk pixels would be
        // at two thirds of where the text was drawn
        BufferedImage wide = new BufferedImage(3000, 400, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = wide.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, wide.getWidth(), wide.getHeight());
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setColor(Color.BLACK);
        graphics.setFont(new Font("SansSerif", Font.PLAIN, 40));
        graphics.drawString("Invoice 4711 Hamburg", 2200, 220);
        graphics.dispose();

        String text = ocr(TextImages.png(wide), Map.of("format", "json")).statusCode(200)
                .body("images[0].width", equalTo(3000))
                .extract().path("text");

        JsonNode line = json.readTree(text).path("images").get(0).path("lines").get(0);
        assertThat(line.path("text").asText()).isEqualTo("Invoice 4711 Hamburg");
        assertThat(line.path("box").path("x").asInt()).isBetween(2190, 2215);
        assertThat(line.path("box").path("y").asInt()).isBetween(180, 215);
    }

    @Test
    void severalImagesAreHeadedByTheirNumber() {
        byte[] first = TextImages.draw(List.of("First page"), "Serif", 30, 0, 0).png();
        byte[] second = TextImages.draw(List.of("Second page"), "Serif", 30, 0, 0).png();
        given().contentType(ContentType.JSON).body(Map.of("images", List.of(
                Map.of("url", TestImages.dataUrl("image/png", first)),
                Map.of("url", TestImages.dataUrl("image/png", second)))))
                .when().post("/v1/ocr")
                .then().statusCode(200)
                .body("text", equalTo("Image 1\nFirst page\n\nImage 2\nSecond page"))
                .body("images.size()", equalTo(2));
    }

    @Test
    void streamsTheTextAsDeltaEvents() throws Exception {
        OcrSamples.Sample page = OcrSamples.page();
        String body = ocr(page.drawn().png(), Map.of("stream", true)).statusCode(200)
                .contentType(startsWith("text/event-stream"))
                .extract().asString();

        List<SseEvents.Event> events = SseEvents.parse(body);
        assertThat(events.get(0).name()).isEqualTo("meta");
        assertThat(json.readTree(events.get(0).data()).path("model").asText()).isEqualTo("local/ocr");
        List<SseEvents.Event> deltas = events.stream().filter(event -> event.name().equals("delta")).toList();
        assertThat(deltas).hasSizeGreaterThan(3);
        StringBuilder text = new StringBuilder();
        for (SseEvents.Event delta : deltas) {
            text.append(json.readTree(delta.data()).path("text").asText());
        }
        assertThat(OcrSamples.characterErrorRate(text.toString(), page.text())).isLessThan(MAX_IMAGE_CER);
        SseEvents.Event done = events.get(events.size() - 1);
        assertThat(done.name()).isEqualTo("done");
        assertThat(json.readTree(done.data()).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void aLanguageThatIsNotInstalledFallsBackToEnglish() {
        byte[] png = TextImages.draw(List.of("Hello again"), "SansSerif", 30, 0, 0).png();
        ocr(png, Map.of("language", "tlh")).statusCode(200).body("text", equalTo("Hello again"));
    }

    @Test
    void aRemoteUrlIsRefusedSinceTheEngineNeedsTheImageItself() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.png"))))
                .when().post("/v1/ocr")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("local_needs_image_bytes"))
                .body("field", equalTo("images[0]"));
    }

    private static ValidatableResponse ocr(byte[] png, Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.put("images", List.of(Map.of("url", TestImages.dataUrl("image/png", png))));
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/ocr").then();
    }

    private static Rectangle grown(Rectangle box, int by) {
        return new Rectangle(box.x - by, box.y - by, box.width + 2 * by, box.height + 2 * by);
    }
}
