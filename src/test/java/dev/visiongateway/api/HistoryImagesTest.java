package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.SentImages;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Images inside an operation's history go through the same intake as its new images (rules 3-7, issue 13). */
@QuarkusTest
class HistoryImagesTest extends RouterTest {

    private static Map<String, Object> turnWith(Map<String, Object> part) {
        return Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "Earlier:"), part));
    }

    private static Map<String, Object> imagePart(String url) {
        return Map.of("type", "image_url", "image_url", Map.of("url", url));
    }

    @Test
    void aHistoryImageIsNormalizedBeforeTheRouterGetsIt() {
        byte[] wide = TestImages.png(3000, 1000, Color.BLUE);
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.pngDataUrl(20, 20))),
                        "history", List.of(turnWith(imagePart(TestImages.dataUrl("image/png", wide))),
                                Map.of("role", "assistant", "content", "A blue band."))))
                .when().post("/v1/describe")
                .then().statusCode(200);

        JsonNode sent = RouterStubs.lastChatRequest(router).path("messages").get(0).path("content").get(1);
        String url = sent.path("image_url").path("url").asText();
        assertThat(url).startsWith("data:image/png;base64,");
        byte[] bytes = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        assertThat(SentImages.decode(bytes).getWidth()).isEqualTo(1500);
        assertThat(RouterStubs.lastChatRequest(router).path("messages").get(1).path("content").asText())
                .isEqualTo("A blue band.");
    }

    @Test
    void aHistoryImageThatIsNoImageIsRefusedNamingItsField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.pngDataUrl(20, 20))),
                        "history", List.of(turnWith(imagePart(TestImages.dataUrl("image/png", "%PDF-1.7".getBytes()))))))
                .when().post("/v1/describe")
                .then().statusCode(415)
                .body("code", equalTo("unsupported_format"))
                .body("field", equalTo("history[0].content[1].image_url.url"));
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.pngDataUrl(20, 20))),
                        "history", List.of(turnWith(Map.of("type", "input_file",
                                "input_file", Map.of("file_id", "../etc/passwd"))))))
                .when().post("/v1/describe")
                .then().statusCode(400)
                .body("field", equalTo("history[0].content[1].input_file.file_id"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void historyImagesCountAgainstMaxImages() {
        List<Map<String, Object>> images = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            images.add(Map.of("url", "https://images.example.com/" + i + ".jpg"));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("images", images,
                        "history", List.of(turnWith(imagePart("https://images.example.com/earlier.jpg")))))
                .when().post("/v1/compare")
                .then().statusCode(400)
                .body("code", equalTo("too_many_images"))
                .body("field", equalTo("history"));
    }
}
