package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class CompareAndOcrTest extends RouterTest {

    @Test
    void comparesFifteenImagesInOneMessageOfSixteenParts() {
        compare(15).then().statusCode(200).body("images", hasSize(15));

        JsonNode messages = RouterStubs.lastChatRequest(router).path("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("content")).hasSize(16);
        assertThat(messages.get(0).path("content").get(0).path("text").asText())
                .startsWith("Compare the 15 images, numbered 1 to 15 in the order given");
    }

    @Test
    void spreadsSixteenImagesOverTwoUserMessagesWithOneTextPartEach() {
        compare(16).then().statusCode(200).body("images", hasSize(16));

        JsonNode messages = RouterStubs.lastChatRequest(router).path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("content")).hasSize(16);
        assertThat(messages.get(1).path("content")).hasSize(2);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content").get(0).path("text").asText())
                .isEqualTo("Images 16 to 16 of 16, continued in the same order.");
        assertThat(messages.get(1).path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("https://images.example.com/16.jpg");
        assertThat(textParts(messages)).isEqualTo(2);
    }

    @Test
    void refusesMoreImagesThanMaxImages() {
        compare(31).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("too_many_images"))
                .body("field", equalTo("images"))
                .body("detail", equalTo("The request has 31 images; at most 30 are accepted per request."));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void refusesACompareOfOneImage() {
        compare(1).then().statusCode(400).body("code", equalTo("too_few_images")).body("field", equalTo("images"));
    }

    @Test
    void ocrAsksForAnExactTranscriptionInTheRequestedFormatWithItsOwnDefaultModel() {
        given().contentType(ContentType.JSON).body(Map.of(
                "images", List.of(Map.of("url", "https://images.example.com/receipt.png")),
                "format", "markdown", "language", "de", "detail", "high"))
                .when().post("/v1/ocr")
                .then().statusCode(200)
                .body("operation", equalTo("ocr"))
                .body("model", equalTo("openai/gpt-4.1-mini"))
                .body("warnings", hasSize(0));

        JsonNode sent = RouterStubs.lastChatRequest(router);
        assertThat(sent.path("model").asText()).isEqualTo("openai/gpt-4.1-mini");
        JsonNode parts = sent.path("messages").get(0).path("content");
        assertThat(parts.get(0).path("text").asText())
                .startsWith("Transcribe all the text in the image exactly as written")
                .contains("expected to be in this language: de.")
                .contains("Output Markdown");
        assertThat(parts.get(1).path("image_url").path("detail").asText()).isEqualTo("high");
    }

    @Test
    void ocrJsonFormatAsksForLinesPerImage() {
        given().contentType(ContentType.JSON).body(Map.of(
                "images", List.of(Map.of("url", "https://images.example.com/a.png"),
                        Map.of("url", "https://images.example.com/b.png")),
                "format", "json"))
                .when().post("/v1/ocr")
                .then().statusCode(200);

        assertThat(RouterStubs.lastChatRequest(router).path("messages").get(0).path("content").get(0).path("text")
                .asText()).contains("the 2 images, in order").contains("Output only JSON");
    }

    private static io.restassured.response.Response compare(int count) {
        List<Map<String, String>> images = IntStream.rangeClosed(1, count)
                .mapToObj(i -> Map.of("url", "https://images.example.com/" + i + ".jpg")).toList();
        return given().contentType(ContentType.JSON).body(Map.of("images", images)).when().post("/v1/compare");
    }

    private static int textParts(JsonNode messages) {
        int count = 0;
        for (JsonNode message : messages) {
            for (JsonNode part : message.path("content")) {
                count += part.path("type").asText().equals("text") ? 1 : 0;
            }
        }
        return count;
    }
}
