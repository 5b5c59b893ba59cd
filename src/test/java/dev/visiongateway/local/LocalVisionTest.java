package dev.visiongateway.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.support.OcrSamples;
import dev.visiongateway.support.SceneImages;
import dev.visiongateway.support.SseEvents;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.support.TextImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * {@code local/vision} with no router configured: the default model of describe and compare, whose sentences
 * state measured facts about images with known colours, blur, text and differences.
 */
@QuarkusTest
class LocalVisionTest {

    private static final Pattern SHARPNESS = Pattern.compile("variance of the Laplacian (\\d+)");
    private static final Pattern SIMILARITY = Pattern.compile("similarity (\\d\\.\\d\\d)");
    private static final Pattern REGION = Pattern.compile("x=(\\d+) y=(\\d+) w=(\\d+) h=(\\d+)");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void describesAPureRedImageAsRed() {
        post("/v1/describe", List.of(SceneImages.filled(400, 300, Color.RED)), Map.of()).statusCode(200)
                .body("model", equalTo("local/vision"))
                .body("finish_reason", equalTo("stop"))
                .body("text", startsWith("The image is a PNG image of 400 × 300 pixels, landscape (4:3)."))
                .body("text", containsString("It is almost entirely red (100%)."))
                .body("text", containsString("It is nearly uniform, so its sharpness cannot be judged"))
                .body("text", containsString("flat graphic"));
    }

    @Test
    void reportsTheBlurredImageBlurrierThanTheSharpOne() {
        BufferedImage sharp = SceneImages.scene(1, 640, 480);
        String text = post("/v1/describe", List.of(sharp, TextImages.blurred(sharp, 2, 3)), Map.of()).statusCode(200)
                .extract().path("text");

        String[] images = text.split("\n\n");
        assertThat(images).hasSize(2);
        assertThat(images[0]).startsWith("Image 1 is a PNG image").contains("It looks sharp")
                .contains("dominant colours are blue").contains("It looks like a photo");
        assertThat(images[1]).startsWith("Image 2 is a PNG image").contains("It looks blurry");
        assertThat(number(SHARPNESS, images[0])).isGreaterThan(10 * number(SHARPNESS, images[1]));
    }

    @Test
    void describesAPageOfTextAsADocumentAndQuotesItsText() {
        post("/v1/describe", List.of(OcrSamples.page().drawn().image()), Map.of()).statusCode(200)
                .body("text", containsString("It looks like a document: text covers"))
                .body("text", containsString("Text found by OCR: \"Offline engines matter when the network is gone."));
    }

    @Test
    void identicalImagesAreNearlyIdenticalWithNoRegionThatDiffers() {
        BufferedImage scene = SceneImages.scene(3, 800, 600);
        String text = post("/v1/compare", List.of(scene, scene), Map.of()).statusCode(200)
                .body("model", equalTo("local/vision"))
                .extract().path("text");

        assertThat(text).startsWith("Image 2 compared with image 1: nearly identical")
                .contains("Both are 800 × 600 PNG images.").contains("No region differs.");
        assertThat(number(SIMILARITY, text)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void aDrawnBoxLiesInsideAReportedRegion() {
        BufferedImage scene = SceneImages.scene(4, 1200, 900);
        Rectangle box = new Rectangle(700, 300, 90, 60);
        BufferedImage changed = SceneImages.withBox(scene, box.x, box.y, box.width, box.height, Color.MAGENTA);
        String text = post("/v1/compare", List.of(scene, changed), Map.of()).statusCode(200).extract().path("text");

        assertThat(number(SIMILARITY, text)).isGreaterThan(0.8);
        List<Rectangle> regions = regions(text);
        assertThat(regions).as(text).hasSize(1);
        assertThat(regions.get(0).contains(box)).as("%s contains %s", regions.get(0), box).isTrue();
        assertThat(regions.get(0).width * regions.get(0).height).as("region hugs the box")
                .isLessThan(2 * box.width * box.height);
    }

    @Test
    void unrelatedImagesHaveALowSimilarity() {
        String text = post("/v1/compare", List.of(SceneImages.scene(5, 640, 480), OcrSamples.page().drawn().image()),
                Map.of()).statusCode(200).extract().path("text");

        assertThat(number(SIMILARITY, text)).isLessThan(0.4);
        assertThat(text).contains("different aspect ratios").contains("They differ almost everywhere");
    }

    @Test
    void comparesEveryImageWithTheFirst() {
        BufferedImage scene = SceneImages.scene(6, 640, 480);
        String text = post("/v1/compare", List.of(scene, scene, SceneImages.scene(7, 640, 480)), Map.of())
                .statusCode(200).extract().path("text");

        String[] pairs = text.split("\n\n");
        assertThat(pairs).hasSize(2);
        assertThat(pairs[0]).startsWith("Image 2 compared with image 1: nearly identical");
        assertThat(pairs[1]).startsWith("Image 3 compared with image 1:");
        assertThat(number(SIMILARITY, pairs[1])).isLessThan(0.6);
    }

    @Test
    void describeAndCompareStreamTheirSentences() throws Exception {
        BufferedImage scene = SceneImages.scene(8, 320, 240);
        for (String path : List.of("/v1/describe", "/v1/compare")) {
            String body = post(path, List.of(scene, scene), Map.of("stream", true)).statusCode(200)
                    .contentType(startsWith("text/event-stream")).extract().asString();
            List<SseEvents.Event> events = SseEvents.parse(body);
            assertThat(events.get(0).name()).isEqualTo("meta");
            assertThat(json.readTree(events.get(0).data()).path("model").asText()).isEqualTo("local/vision");
            List<SseEvents.Event> deltas = events.stream().filter(event -> event.name().equals("delta")).toList();
            assertThat(deltas).as(path).hasSizeGreaterThan(3);
            assertThat(json.readTree(deltas.get(0).data()).path("text").asText()).startsWith("Image");
            assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
        }
    }

    @Test
    void theOcrModelDoesNotDescribe() {
        post("/v1/describe", List.of(SceneImages.filled(10, 10, Color.BLUE)), Map.of("model", "local/ocr"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("model_not_for_operation"))
                .body("detail", containsString("local/vision"));
    }

    private static ValidatableResponse post(String path, List<BufferedImage> images, Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.put("images", images.stream()
                .map(image -> Map.of("url", TestImages.dataUrl("image/png", TextImages.png(image)))).toList());
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    private static double number(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in: %s", pattern, text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static List<Rectangle> regions(String text) {
        List<Rectangle> regions = new ArrayList<>();
        Matcher matcher = REGION.matcher(text);
        while (matcher.find()) {
            int[] values = Arrays.stream(new int[] { 1, 2, 3, 4 }).map(group -> Integer.parseInt(matcher.group(group)))
                    .toArray();
            regions.add(new Rectangle(values[0], values[1], values[2], values[3]));
        }
        return regions;
    }
}
