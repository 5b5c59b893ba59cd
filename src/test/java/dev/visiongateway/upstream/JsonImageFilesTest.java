package dev.visiongateway.upstream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.support.FilesProfile;
import dev.visiongateway.support.NoisyImages;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Images the client wrote into JSON messages, in {@code /v1/chat/completions} and in an operation's
 * {@code history}, are sent as files like new images (docs/ARCHITECTURE.md rule 9): large ones uploaded once and
 * reused by their SHA-256, the largest offloaded while the body is over the router's limit (the fake enforces
 * {@link FilesProfile#BODY_LIMIT} with a 413), and a file the router forgot uploaded again once.
 */
@QuarkusTest
@TestProfile(FilesProfile.class)
class JsonImageFilesTest extends RouterTest {

    @Test
    void aLargeChatImageIsUploadedOnceThenReused() {
        Map<String, Object> request = chat(List.of(TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 41))));

        given().contentType(ContentType.JSON).body(request).when().post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", equalTo(ANSWER));
        List<JsonNode> files = fileParts(RouterStubs.lastChatRequest(router));
        assertThat(files).singleElement().satisfies(part -> {
            assertThat(part.path("input_file").path("file_id").asText()).startsWith("file-");
            assertThat(part.path("input_file").path("mime_type").asText()).isEqualTo("image/jpeg");
        });
        assertThat(RouterStubs.chatRequests(router).get(0).getBodyAsString()).doesNotContain("data:image");
        assertThat(RouterStubs.fileUploads(router)).hasSize(1);

        given().contentType(ContentType.JSON).body(request).when().post("/v1/chat/completions")
                .then().statusCode(200);
        assertThat(fileParts(RouterStubs.lastChatRequest(router))).singleElement().satisfies(part -> assertThat(
                part.path("input_file").path("file_id").asText()).isEqualTo(
                        files.get(0).path("input_file")
                                .path("file_id").asText()));
        assertThat(RouterStubs.fileUploads(router)).hasSize(1);
    }

    @Test
    void chatImagesTooLargeTogetherAreOffloadedUntilTheBodyFits() {
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(420 + 20 * i, 420, 50 + i)));
        }
        given().contentType(ContentType.JSON).body(chat(images)).when().post("/v1/chat/completions")
                .then().statusCode(200);

        assertThat(RouterStubs.chatRequests(router)).singleElement()
                .satisfies(sent -> assertThat(sent.getBody().length).isLessThanOrEqualTo(FilesProfile.BODY_LIMIT));
        int files = fileParts(RouterStubs.lastChatRequest(router)).size();
        assertThat(files).isBetween(1, 3);
        assertThat(RouterStubs.fileUploads(router)).hasSize(files);
    }

    @Test
    void aChatFileTheRouterForgotIsUploadedAgainOnce() {
        Map<String, Object> request = chat(List.of(TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 42))));
        given().contentType(ContentType.JSON).body(request).when().post("/v1/chat/completions").then().statusCode(200);
        String forgotten = fileParts(RouterStubs.lastChatRequest(router)).get(0).path("input_file").path("file_id")
                .asText();
        RouterStubs.forgetFile(router, forgotten);

        given().contentType(ContentType.JSON).body(request).when().post("/v1/chat/completions")
                .then().statusCode(200).body("choices[0].message.content", equalTo(ANSWER));
        assertThat(RouterStubs.fileUploads(router)).hasSize(2);
        assertThat(fileParts(RouterStubs.lastChatRequest(router)).get(0).path("input_file").path("file_id").asText())
                .isNotEqualTo(forgotten);
    }

    @Test
    void aLargeHistoryImageIsSentAsAFileAndReusedOnTheNextTurn() {
        String photo = TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 43));
        Map<String, Object> request = Map.of(
                "images", List.of(Map.of("url", TestImages.pngDataUrl(32, 32))),
                "history", List.of(
                        Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "What is this?"),
                                Map.of("type", "image_url", "image_url", Map.of("url", photo)))),
                        Map.of("role", "assistant", "content", "Noise.")));

        given().contentType(ContentType.JSON).body(request).when().post("/v1/describe").then().statusCode(200);
        JsonNode sent = RouterStubs.lastChatRequest(router);
        JsonNode historyPart = sent.path("messages").get(0).path("content").get(1);
        assertThat(historyPart.path("type").asText()).isEqualTo("input_file");
        String fileId = historyPart.path("input_file").path("file_id").asText();
        assertThat(RouterStubs.chatRequests(router).get(0).getBodyAsString()).doesNotContain("image/jpeg;base64");
        assertThat(RouterStubs.fileUploads(router)).hasSize(1);

        // the next turn resends the same photo in its history: sent by the same file id, not uploaded again
        given().contentType(ContentType.JSON).body(request).when().post("/v1/describe").then().statusCode(200);
        assertThat(RouterStubs.lastChatRequest(router).path("messages").get(0).path("content").get(1)
                .path("input_file").path("file_id").asText()).isEqualTo(fileId);
        assertThat(RouterStubs.fileUploads(router)).hasSize(1);
    }

    private static Map<String, Object> chat(List<String> images) {
        List<Map<String, Object>> content = new ArrayList<>();
        content.add(Map.of("type", "text", "text", "Describe these."));
        for (String image : images) {
            content.add(Map.of("type", "image_url", "image_url", Map.of("url", image)));
        }
        return Map.of("model", "openai/gpt-4o", "messages", List.of(Map.of("role", "user", "content", content)));
    }

    private static List<JsonNode> fileParts(JsonNode request) {
        List<JsonNode> files = new ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (part.path("type").asText().equals("input_file")) {
                    files.add(part);
                }
            }
        }
        return files;
    }
}
