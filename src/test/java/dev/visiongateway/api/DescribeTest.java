package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.awt.Color;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.RouterWireMock;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class DescribeTest extends RouterTest {

    @Test
    void sendsOneUserMessageWithTheTemplateAndEveryKindOfImage() {
        byte[] png = TestImages.png(640, 480, Color.RED);
        String dataUrl = TestImages.dataUrl("image/png", png);

        given().contentType(ContentType.JSON).body(Map.of(
                "images", new Object[] {
                        Map.of("url", "https://images.example.com/cat.jpg"),
                        Map.of("url", dataUrl),
                        Map.of("file_id", "file_abc", "mime_type", "image/jpeg") },
                "prompt", "Mention the cat's colour.", "language", "German", "max_tokens", 300))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("operation", equalTo("describe"))
                .body("model", equalTo("google/gemini-2.5-flash"))
                .body("text", equalTo(ANSWER))
                .body("finish_reason", equalTo("stop"))
                .body("usage.prompt_tokens", equalTo(812))
                .body("usage.total_tokens", equalTo(821))
                .body("id", startsWith("vg-"))
                .body("images", hasSize(3))
                .body("images.source", contains("url", "data", "file"))
                .body("images.sent_as", contains("url", "data", "file"))
                .body("images[1].format", equalTo("PNG"))
                .body("images[1].width", equalTo(640))
                .body("images[1].height", equalTo(480))
                .body("images[1].bytes", equalTo(png.length))
                .body("images[1].sha256", equalTo(sha256(png)))
                .body("warnings", hasSize(0));

        JsonNode sent = RouterStubs.lastChatRequest(router);
        assertThat(sent.path("model").asText()).isEqualTo("google/gemini-2.5-flash");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(sent.path("messages")).hasSize(1);
        JsonNode message = sent.path("messages").get(0);
        assertThat(message.path("role").asText()).isEqualTo("user");
        JsonNode parts = message.path("content");
        assertThat(parts).hasSize(4);
        assertThat(parts.get(0).path("type").asText()).isEqualTo("text");
        assertThat(parts.get(0).path("text").asText())
                .startsWith("Describe each of the 3 images (numbered 1 to 3 in the order given) faithfully")
                .contains("Answer in this language: German.")
                .endsWith("Additional instruction from the user: Mention the cat's colour.");
        assertThat(parts.get(1).toString())
                .isEqualTo("{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://images.example.com/cat.jpg\"}}");
        assertThat(parts.get(2).path("image_url").path("url").asText()).isEqualTo(dataUrl);
        assertThat(parts.get(3).toString())
                .isEqualTo("{\"type\":\"input_file\",\"input_file\":{\"file_id\":\"file_abc\",\"mime_type\":\"image/jpeg\"}}");
    }

    @Test
    void authenticatesToTheRouterWithTheConfiguredKeyAndNeverEchoesIt() {
        String body = given().contentType(ContentType.JSON)
                .body(Map.of("images", new Object[] { Map.of("url", TestImages.pngDataUrl(64, 64)) }))
                .when().post("/v1/describe")
                .then().statusCode(200).extract().asString();

        assertThat(RouterStubs.chatRequests(router).get(0).getHeader("Authorization"))
                .isEqualTo("Bearer " + RouterWireMock.API_KEY);
        assertThat(body).doesNotContain(RouterWireMock.API_KEY);
    }

    @Test
    void dropsDetailWithAWarningForModelsThatDoNotTakeIt() {
        given().contentType(ContentType.JSON).body(Map.of(
                "images", new Object[] { Map.of("url", "https://images.example.com/a.jpg", "detail", "high") },
                "detail", "low"))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("warnings", contains(
                        "'detail' was ignored: model google/gemini-2.5-flash does not take it (only OpenAI models do)."));

        JsonNode image = RouterStubs.lastChatRequest(router).path("messages").get(0).path("content").get(1);
        assertThat(image.path("image_url").has("detail")).isFalse();
    }

    @Test
    void keepsPerImageDetailAndTheRequestDefaultForOpenAiModels() {
        given().contentType(ContentType.JSON).body(Map.of("model", "openai/gpt-4o", "detail", "low",
                "images", new Object[] {
                        Map.of("url", "https://images.example.com/a.jpg", "detail", "high"),
                        Map.of("url", "https://images.example.com/b.jpg") }))
                .when().post("/v1/describe")
                .then().statusCode(200).body("warnings", hasSize(0));

        JsonNode parts = RouterStubs.lastChatRequest(router).path("messages").get(0).path("content");
        assertThat(parts.get(1).path("image_url").path("detail").asText()).isEqualTo("high");
        assertThat(parts.get(2).path("image_url").path("detail").asText()).isEqualTo("low");
    }

    @Test
    void placesHistoryBeforeTheNewUserMessage() {
        given().contentType(ContentType.JSON).body("""
                {"images": [{"url": "https://images.example.com/detail.jpg"}],
                 "history": [
                   {"role": "user", "content": [{"type": "text", "text": "Compare these two images."},
                                                {"type": "image_url", "image_url": {"url": "https://example.com/front.jpg"}}]},
                   {"role": "assistant", "content": "I prepared the first comparison."}]}""")
                .when().post("/v1/describe")
                .then().statusCode(200);

        JsonNode messages = RouterStubs.lastChatRequest(router).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("https://example.com/front.jpg");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("I prepared the first comparison.");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(2).path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("https://images.example.com/detail.jpg");
    }

    @Test
    void reportsADeclaredTypeThatTheBytesContradictAndSendsTheTrueOne() {
        byte[] jpeg = TestImages.jpeg(300, 200, Color.BLUE);

        given().contentType(ContentType.JSON)
                .body(Map.of("images", new Object[] { Map.of("url", TestImages.dataUrl("image/png", jpeg)) }))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("images[0].format", equalTo("JPEG"))
                .body("warnings[0]", equalTo("Image 1 was declared as image/png but its bytes are JPEG; it was read as JPEG."));

        assertThat(RouterStubs.lastChatRequest(router).path("messages").get(0).path("content").get(1)
                .path("image_url").path("url").asText()).startsWith("data:image/jpeg;base64,/9j/");
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
