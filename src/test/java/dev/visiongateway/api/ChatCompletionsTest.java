package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.core.Deployment;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The OpenAI-compatible endpoint: the router's shape in and out, with the operations' rules applied. */
@QuarkusTest
class ChatCompletionsTest extends RouterTest {

    @Test
    void forwardsTheRequestWithItsUnknownFieldsAndReturnsTheAnswerUnchanged() {
        String answer = given().contentType(ContentType.JSON).body("""
                {"model": "openai/gpt-4o", "temperature": 0.2, "seed": 7, "user": "u-1",
                 "messages": [
                   {"role": "system", "content": "Be brief."},
                   {"role": "user", "content": [
                     {"type": "text", "text": "Compare these two images."},
                     {"type": "image_url", "image_url": {"url": "https://example.com/front.jpg", "detail": "high"}},
                     {"type": "image_url", "image_url": {"url": "https://example.com/back.jpg"}}]},
                   {"role": "assistant", "content": "I prepared the first comparison."},
                   {"role": "user", "content": [
                     {"type": "text", "text": "Evaluate this third image in the same context."},
                     {"type": "input_file", "input_file": {"file_id": "file_xxx", "mime_type": "image/jpeg"}}]}]}""")
                .when().post("/v1/chat/completions")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();

        assertThat(answer).isEqualToIgnoringWhitespace(RouterStubs.completion(ANSWER));
        JsonNode sent = RouterStubs.lastChatRequest(router);
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("seed").asInt()).isEqualTo(7);
        assertThat(sent.path("messages")).hasSize(4);
        assertThat(sent.path("messages").get(1).path("content").get(1).toString())
                .isEqualTo(
                        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/front.jpg\",\"detail\":\"high\"}}");
        assertThat(sent.path("messages").get(3).path("content").get(1).path("input_file").path("file_id").asText())
                .isEqualTo("file_xxx");
    }

    @Test
    void dropsDetailForModelsThatDoNotTakeItAndSaysSoInAHeader() {
        given().contentType(ContentType.JSON).body("""
                {"model": "google/gemini-2.5-flash", "messages": [{"role": "user", "content": [
                  {"type": "image_url", "image_url": {"url": "https://example.com/a.jpg", "detail": "low"}}]}]}""")
                .when().post("/v1/chat/completions")
                .then().statusCode(200)
                .header("X-Gateway-Warning", equalTo("'detail' was ignored: model google/gemini-2.5-flash does not take it"
                        + " (only OpenAI models do)."));

        JsonNode image = RouterStubs.lastChatRequest(router).path("messages").get(0).path("content").get(0);
        assertThat(image.path("image_url").has("detail")).isFalse();
    }

    /**
     * A compliant photo's data URL (kept as the body's bytes by JsonObjectReader) reaches the router exactly as the
     * client wrote it, next to the same photo declared with the wrong type, which goes with the right header and the
     * client's own base64.
     */
    @Test
    void forwardsACompliantDataUrlByteForByte() throws Exception {
        BufferedImage photo = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Random noise = new Random(3);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                photo.setRGB(x, y, noise.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(photo, "jpeg", jpeg);
        String url = TestImages.dataUrl("image/jpeg", jpeg.toByteArray());
        String declaredPng = TestImages.dataUrl("image/png", jpeg.toByteArray());
        assertThat(url.length()).isGreaterThan(JsonObjectReader.BYTES_FROM);

        given().contentType(ContentType.JSON).body("""
                {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "Same photo twice?"},
                  {"type": "image_url", "image_url": {"url": "%s", "detail": "high"}},
                  {"type": "image_url", "image_url": {"url": "%s"}}]}]}""".formatted(url, declaredPng))
                .when().post("/v1/chat/completions")
                .then().statusCode(200);

        JsonNode parts = RouterStubs.lastChatRequest(router).path("messages").get(0).path("content");
        assertThat(parts.get(1).path("image_url").path("url").asText()).isEqualTo(url);
        assertThat(parts.get(1).path("image_url").path("detail").asText()).isEqualTo("high");
        assertThat(parts.get(2).path("image_url").path("url").asText()).isEqualTo(url);
    }

    /** The chat body is read by JsonObjectReader, which keeps data URLs as bytes, not by Jackson's own reader. */
    @Test
    @DisabledOnIntegrationTest("asks the deployment in this JVM; the packaged jar runs in a process of its own")
    void chatBodiesAreReadByTheReaderThatKeepsDataUrlsAsBytes() {
        Deployment deployment = ResteasyReactiveRecorder.getCurrentDeployment();
        assertThat(deployment.getSerialisers().findReaders(deployment.getConfiguration(), ObjectNode.class,
                MediaType.APPLICATION_JSON_TYPE, RuntimeType.SERVER).get(0)).isInstanceOf(JsonObjectReader.class);
    }

    @Test
    void checksDataUrlsLikeTheOperations() {
        String jpegAsPng = TestImages.dataUrl("image/png", TestImages.jpeg(50, 50, Color.RED));
        given().contentType(ContentType.JSON).body("""
                {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                  {"type": "image_url", "image_url": {"url": "%s"}}]}]}""".formatted(jpegAsPng))
                .when().post("/v1/chat/completions")
                .then().statusCode(200);
        assertThat(RouterStubs.lastChatRequest(router).path("messages").get(0).path("content").get(0)
                .path("image_url").path("url").asText()).startsWith("data:image/jpeg;base64,");

        given().contentType(ContentType.JSON).body("""
                {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "what is this"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,%%%%"}}]}]}""")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_data_url"))
                .body("field", equalTo("messages[0].content[1].image_url.url"))
                .body("error.code", equalTo("invalid_data_url"))
                .body("error.message", containsString("not valid base64"));
    }

    @Test
    void aLineBreakInADataUrlsTypeIsRefusedBeforeItCanReachAHeader() {
        // declared as PNG with a header smuggled in, the JPEG bytes would be reported in an X-Gateway-Warning
        String smuggled = TestImages.dataUrl("image/png\r\nX-Injected: yes", TestImages.jpeg(50, 50, Color.RED))
                .replace("\r\n", "\\r\\n");
        given().contentType(ContentType.JSON).body("""
                {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                  {"type": "image_url", "image_url": {"url": "%s"}}]}]}""".formatted(smuggled))
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_data_url"))
                .body("field", equalTo("messages[0].content[0].image_url.url"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void refusesAnInputFileWhoseIdIsNoFileId() {
        given().contentType(ContentType.JSON).body("""
                {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "Read it."},
                  {"type": "input_file", "input_file": {"file_id": "file-1/../../admin", "mime_type": "image/png"}}]}]}""")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_request"))
                .body("field", equalTo("messages[0].content[1].input_file.file_id"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void refusesAMessageOfMoreThanSixteenParts() {
        String parts = IntStream.range(0, 17)
                .mapToObj(i -> "{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://example.com/" + i + ".jpg\"}}")
                .collect(Collectors.joining(","));
        given().contentType(ContentType.JSON)
                .body("{\"model\": \"openai/gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": [" + parts + "]}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("code", equalTo("too_many_parts"))
                .body("field", equalTo("messages[0].content"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void refusesMoreImagesThanMaxImagesAcrossMessages() {
        String message = "{\"role\": \"user\", \"content\": [" + IntStream.range(0, 16)
                .mapToObj(i -> "{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://example.com/" + i + ".jpg\"}}")
                .collect(Collectors.joining(",")) + "]}";
        given().contentType(ContentType.JSON)
                .body("{\"model\": \"openai/gpt-4o\", \"messages\": [" + message + "," + message + "]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("code", equalTo("too_many_images"))
                .body("detail", equalTo("The request has 32 images; at most 30 are accepted per request."));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void oneRuleGivesTheSameCodeAndMessageAtBothDoors() {
        List<Map<String, String>> images = IntStream.range(0, 31)
                .mapToObj(i -> Map.of("url", "https://example.com/" + i + ".jpg")).toList();
        String viaOperation = given().contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "images", images))
                .when().post("/v1/describe")
                .then().statusCode(400).body("code", equalTo("too_many_images"))
                .extract().path("detail");
        String viaChat = given().contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "messages", List.of(
                        Map.of("role", "user", "content", images.subList(0, 16).stream()
                                .map(image -> Map.of("type", "image_url", "image_url", image)).toList()),
                        Map.of("role", "user", "content", images.subList(16, 31).stream()
                                .map(image -> Map.of("type", "image_url", "image_url", image)).toList()))))
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("code", equalTo("too_many_images"))
                .extract().path("detail");
        assertThat(viaChat).isEqualTo(viaOperation);

        Map<String, Object> wizard = Map.of("role", "wizard", "content", "hi");
        String historyRole = given().contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "images", images.subList(0, 1), "history", List.of(wizard)))
                .when().post("/v1/describe")
                .then().statusCode(400).body("code", equalTo("invalid_request")).body("field", equalTo("history[0].role"))
                .extract().path("detail");
        String messageRole = given().contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "messages", List.of(wizard)))
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("code", equalTo("invalid_request")).body("field", equalTo("messages[0].role"))
                .extract().path("detail");
        assertThat(messageRole).isEqualTo(historyRole);
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void refusesUnknownAndTextOnlyModels() {
        given().contentType(ContentType.JSON)
                .body("{\"model\": \"openai/gpt-4-o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("code", equalTo("unknown_model"))
                .body("detail", containsString("openai/gpt-4o"));
        given().contentType(ContentType.JSON)
                .body("{\"model\": \"meta/llama-3-8b\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("code", equalTo("model_not_vision"));
    }

    @Test
    void refusesTheOfflineModelsWhichOnlyServeTheOperations() {
        given().contentType(ContentType.JSON)
                .body("{\"model\": \"local/vision\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("code", equalTo("model_not_for_operation"))
                .body("field", equalTo("model"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void refusesRequestsWithoutModelOrMessages() {
        given().contentType(ContentType.JSON).body("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("field", equalTo("model"));
        given().contentType(ContentType.JSON).body("{\"model\": \"openai/gpt-4o\", \"messages\": []}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("field", equalTo("messages"));
        given().contentType(ContentType.JSON).body("{\"model\": \"openai/gpt-4o\", \"messages\": [{\"role\": \"user\", "
                + "\"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"http://example.com/a.jpg\"}}]}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("code", equalTo("url_not_allowed"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }
}
